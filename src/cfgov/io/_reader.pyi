# Types of cfgov.io._reader, the compiled reader (src/cfgov/io/_reader.c).
from cfgov.io.nodes import AnyNode, MappingNode, ScalarNode, SequenceNode

libyaml_version: str

def bind(
    scalar: type[ScalarNode], sequence: type[SequenceNode], mapping: type[MappingNode], /
) -> None: ...
def read(text: str, max_nodes: int, max_depth: int, max_chars: int, /) -> AnyNode | str | None: ...
