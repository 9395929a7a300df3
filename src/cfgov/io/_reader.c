/* cfgov.io._reader: a YAML reader in C, over libyaml's event API.
 *
 * It builds cfgov's own nodes (cfgov.io.nodes) straight from libyaml's events,
 * with none of PyYAML's event or mark objects in between. It reads the files
 * most models are made of: one document of mappings, lists and scalars. For
 * anything else it gives up and says why, and cfgov.io.parser reads the file
 * again with the pure-Python tree builder, which reports every problem. So this
 * module never words a problem of its own: it only has to build, for the files
 * it does read, exactly the tree the Python builder would (tests/io/
 * test_compiled_reader.py holds the two equal).
 *
 * It gives up on: a YAML syntax error, a tag, an anchor or alias, a second
 * document, a mapping key that is not a scalar, a repeated key, more values or
 * deeper nesting than the limits allow, a value longer than the limit, an escape
 * code in double-quoted text, a comment glued to a value that starts with a
 * character outside ASCII, and a byte-order mark.
 *
 * Positions: libyaml counts lines and columns in characters from 0, and its
 * index in characters too; the nodes count lines and columns from 1.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>
#include <yaml.h>

/* The node classes, and where each of their slots lives in their objects. */
static PyTypeObject *scalar_type, *sequence_type, *mapping_type;
static Py_ssize_t sc_line, sc_column, sc_value, sc_plain, sc_comment;
static Py_ssize_t seq_line, seq_column, seq_items;
static Py_ssize_t map_line, map_column, map_items;
static PyObject *empty_text;

#define SLOT(object, offset) (*(PyObject **)((char *)(object) + (offset)))

typedef struct {
    PyObject *node;  /* the SequenceNode or MappingNode being filled (a reference) */
    PyObject *items; /* its list of items (borrowed from the node) */
    PyObject *key;   /* a mapping's key waiting for its value (a reference), or NULL */
    PyObject *keys;  /* a mapping's keys so far, as a set (a reference), or NULL */
    int mapping;
} Frame;

typedef struct {
    const char *text;  /* the file's text as UTF-8 */
    Py_ssize_t size;   /* its length in bytes */
    int ascii;         /* every character is one byte */
    int has_hash;      /* a `#` somewhere in the file: a comment may be glued to a value */
    Py_ssize_t cursor_char, cursor_byte; /* a known pair, for counting forward */
    PyObject **ints;   /* the ints made so far for lines and columns, by value */
    Py_ssize_t ints_size;
    Frame *stack;
    Py_ssize_t depth, stack_size;
    PyObject *root;
    Py_ssize_t nodes, max_nodes, max_depth, max_chars;
    int documents;
    const char *reason; /* why the Python builder must read the file, when it must */
} Reader;

/* Where character `index` of the text starts, in bytes. The events come in the
 * order of the text, so the count usually goes on from the last one. */
static Py_ssize_t
byte_at(Reader *r, Py_ssize_t index)
{
    if (r->ascii)
        return index < r->size ? index : r->size;
    if (index < r->cursor_char) {
        r->cursor_char = 0;
        r->cursor_byte = 0;
    }
    while (r->cursor_char < index && r->cursor_byte < r->size) {
        unsigned char lead = (unsigned char)r->text[r->cursor_byte];
        r->cursor_byte += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        r->cursor_char++;
    }
    return r->cursor_byte < r->size ? r->cursor_byte : r->size;
}

/* A new reference to the int `value` (one object per value for the whole file). */
static PyObject *
int_of(Reader *r, Py_ssize_t value)
{
    if (value < 0 || value >= (1 << 20))
        return PyLong_FromSsize_t(value);
    if (value >= r->ints_size) {
        Py_ssize_t size = r->ints_size ? r->ints_size : 1024;
        while (size <= value)
            size *= 2;
        PyObject **grown = PyMem_Realloc(r->ints, size * sizeof(PyObject *));
        if (grown == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        memset(grown + r->ints_size, 0, (size - r->ints_size) * sizeof(PyObject *));
        r->ints = grown;
        r->ints_size = size;
    }
    if (r->ints[value] == NULL) {
        r->ints[value] = PyLong_FromSsize_t(value);
        if (r->ints[value] == NULL)
            return NULL;
    }
    Py_INCREF(r->ints[value]);
    return r->ints[value];
}

static PyObject *
new_node(Reader *r, PyTypeObject *type, Py_ssize_t line_slot, Py_ssize_t column_slot,
         yaml_mark_t mark)
{
    PyObject *line = int_of(r, (Py_ssize_t)mark.line + 1);
    if (line == NULL)
        return NULL;
    PyObject *column = int_of(r, (Py_ssize_t)mark.column + 1);
    if (column == NULL) {
        Py_DECREF(line);
        return NULL;
    }
    PyObject *node = type->tp_alloc(type, 0);
    if (node == NULL) {
        Py_DECREF(line);
        Py_DECREF(column);
        return NULL;
    }
    SLOT(node, line_slot) = line;
    SLOT(node, column_slot) = column;
    return node;
}

/* The text of a comment glued to a plain value ending at character `end`:
 * what `[ \t]+(#\S[^\n]*)` matches there, or "" (a new reference), or NULL
 * with r->reason set when it cannot tell without Python. */
static PyObject *
glued_comment(Reader *r, Py_ssize_t end)
{
    Py_ssize_t at = byte_at(r, end), start;
    const char *text = r->text;
    if (at >= r->size || (text[at] != ' ' && text[at] != '\t'))
        goto none;
    while (at < r->size && (text[at] == ' ' || text[at] == '\t'))
        at++;
    if (at + 1 >= r->size || text[at] != '#')
        goto none;
    unsigned char next = (unsigned char)text[at + 1];
    if (next >= 0x80) {
        r->reason = "a comment glued to a value starts with a character outside ASCII";
        return NULL;
    }
    if (next == ' ' || (next >= '\t' && next <= '\r') || (next >= 0x1C && next <= 0x1F))
        goto none;
    start = at;
    while (at < r->size && text[at] != '\n')
        at++;
    return PyUnicode_DecodeUTF8(text + start, at - start, "strict");
none:
    Py_INCREF(empty_text);
    return empty_text;
}

/* Put a finished node in its place: the root, a list's next item, a mapping's
 * key or value. Steals the reference to `node`. 0 on success; -1 when the file
 * goes to the Python builder (r->reason) or on a Python error. */
static int
add(Reader *r, PyObject *node)
{
    if (r->depth == 0) {
        Py_XSETREF(r->root, node);
        return 0;
    }
    Frame *frame = &r->stack[r->depth - 1];
    if (!frame->mapping) {
        int failed = PyList_Append(frame->items, node);
        Py_DECREF(node);
        return failed;
    }
    if (frame->key == NULL) {
        if (Py_TYPE(node) != scalar_type) {
            Py_DECREF(node);
            r->reason = "a mapping key is a list or a mapping";
            return -1;
        }
        PyObject *value = SLOT(node, sc_value);
        if (frame->keys == NULL) {
            frame->keys = PySet_New(NULL);
            if (frame->keys == NULL) {
                Py_DECREF(node);
                return -1;
            }
        }
        int seen = PySet_Contains(frame->keys, value);
        if (seen != 0) {
            Py_DECREF(node);
            if (seen > 0)
                r->reason = "a key is repeated in a mapping";
            return -1;
        }
        if (PySet_Add(frame->keys, value) < 0) {
            Py_DECREF(node);
            return -1;
        }
        frame->key = node;
        return 0;
    }
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(node);
        return -1;
    }
    PyTuple_SET_ITEM(pair, 0, frame->key);
    PyTuple_SET_ITEM(pair, 1, node);
    frame->key = NULL;
    int failed = PyList_Append(frame->items, pair);
    Py_DECREF(pair);
    return failed;
}

/* The checks every value and collection passes before it is built: no anchor, no
 * tag, and no more values than the limit. 0, or -1 with r->reason set. */
static int
admit(Reader *r, const yaml_char_t *anchor, const yaml_char_t *tag)
{
    if (anchor != NULL) {
        r->reason = "an anchor";
        return -1;
    }
    if (tag != NULL) {
        r->reason = "a tag";
        return -1;
    }
    if (++r->nodes > r->max_nodes) {
        r->reason = "the file holds more values than the limit";
        return -1;
    }
    return 0;
}

static int
scalar(Reader *r, yaml_event_t *event)
{
    if (admit(r, event->data.scalar.anchor, event->data.scalar.tag) < 0)
        return -1;
    if (event->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        Py_ssize_t start = byte_at(r, (Py_ssize_t)event->start_mark.index);
        Py_ssize_t end = byte_at(r, (Py_ssize_t)event->end_mark.index);
        if (end > start && memchr(r->text + start, '\\', (size_t)(end - start)) != NULL) {
            r->reason = "an escape code in double-quoted text";
            return -1;
        }
    }
    PyObject *value = PyUnicode_DecodeUTF8(
        (const char *)event->data.scalar.value, (Py_ssize_t)event->data.scalar.length, "strict");
    if (value == NULL)
        return -1;
    if (PyUnicode_GET_LENGTH(value) > r->max_chars) {
        Py_DECREF(value);
        r->reason = "a value is longer than the limit";
        return -1;
    }
    int plain = event->data.scalar.plain_implicit != 0;
    PyObject *comment;
    if (plain && r->has_hash)
        comment = glued_comment(r, (Py_ssize_t)event->end_mark.index);
    else {
        comment = empty_text;
        Py_INCREF(comment);
    }
    if (comment == NULL) {
        Py_DECREF(value);
        return -1;
    }
    PyObject *node = new_node(r, scalar_type, sc_line, sc_column, event->start_mark);
    if (node == NULL) {
        Py_DECREF(value);
        Py_DECREF(comment);
        return -1;
    }
    SLOT(node, sc_value) = value;
    SLOT(node, sc_plain) = Py_NewRef(plain ? Py_True : Py_False);
    SLOT(node, sc_comment) = comment;
    return add(r, node);
}

static int
open_collection(Reader *r, yaml_event_t *event, int mapping)
{
    yaml_char_t *anchor = mapping ? event->data.mapping_start.anchor
                                  : event->data.sequence_start.anchor;
    yaml_char_t *tag = mapping ? event->data.mapping_start.tag : event->data.sequence_start.tag;
    if (admit(r, anchor, tag) < 0)
        return -1;
    if (r->depth >= r->max_depth) {
        r->reason = "the data nests deeper than the limit";
        return -1;
    }
    if (r->depth == r->stack_size) {
        Py_ssize_t size = r->stack_size ? r->stack_size * 2 : 16;
        Frame *grown = PyMem_Realloc(r->stack, size * sizeof(Frame));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        r->stack = grown;
        r->stack_size = size;
    }
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return -1;
    PyObject *node = mapping
        ? new_node(r, mapping_type, map_line, map_column, event->start_mark)
        : new_node(r, sequence_type, seq_line, seq_column, event->start_mark);
    if (node == NULL) {
        Py_DECREF(items);
        return -1;
    }
    SLOT(node, mapping ? map_items : seq_items) = items;
    Frame *frame = &r->stack[r->depth++];
    frame->node = node;
    frame->items = items;
    frame->key = NULL;
    frame->keys = NULL;
    frame->mapping = mapping;
    return 0;
}

static int
close_collection(Reader *r)
{
    Frame *frame = &r->stack[--r->depth];
    PyObject *node = frame->node;
    Py_CLEAR(frame->key); /* never set here: libyaml ends a mapping after a value */
    Py_CLEAR(frame->keys);
    return add(r, node);
}

static int
handle(Reader *r, yaml_event_t *event)
{
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        return scalar(r, event);
    case YAML_MAPPING_START_EVENT:
        return open_collection(r, event, 1);
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(r, event, 0);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        return close_collection(r);
    case YAML_ALIAS_EVENT:
        r->reason = "an alias";
        return -1;
    case YAML_DOCUMENT_START_EVENT:
        if (++r->documents > 1) {
            r->reason = "a second document";
            return -1;
        }
        return 0;
    default:
        return 0;
    }
}

static void
release(Reader *r)
{
    while (r->depth > 0) {
        Frame *frame = &r->stack[--r->depth];
        Py_CLEAR(frame->node);
        Py_CLEAR(frame->key);
        Py_CLEAR(frame->keys);
    }
    PyMem_Free(r->stack);
    for (Py_ssize_t i = 0; i < r->ints_size; i++)
        Py_XDECREF(r->ints[i]);
    PyMem_Free(r->ints);
}

PyDoc_STRVAR(read_doc,
"read(text, max_nodes, max_depth, max_chars, /)\n--\n\n"
"The file's root node (None for a file with no document), or a str that says\n"
"why the Python tree builder must read the file instead.");

static PyObject *
reader_read(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Reader r;
    yaml_parser_t parser;
    yaml_event_t event;
    if (scalar_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "call bind() before read()");
        return NULL;
    }
    if (nargs != 4 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "read(text: str, max_nodes, max_depth, max_chars)");
        return NULL;
    }
    memset(&r, 0, sizeof r);
    r.max_nodes = PyLong_AsSsize_t(args[1]);
    r.max_depth = PyLong_AsSsize_t(args[2]);
    r.max_chars = PyLong_AsSsize_t(args[3]);
    if (PyErr_Occurred())
        return NULL;
    r.text = PyUnicode_AsUTF8AndSize(args[0], &r.size);
    if (r.text == NULL)
        return NULL;
    r.ascii = PyUnicode_IS_ASCII(args[0]);
    r.has_hash = memchr(r.text, '#', (size_t)r.size) != NULL;
    if (r.size >= 3 && memcmp(r.text, "\xEF\xBB\xBF", 3) == 0)
        return PyUnicode_FromString("a byte-order mark");

    if (!yaml_parser_initialize(&parser))
        return PyErr_NoMemory();
    yaml_parser_set_input_string(&parser, (const unsigned char *)r.text, (size_t)r.size);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int failed = 0, done = 0;
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) {
            r.reason = "the text is not valid YAML";
            failed = 1;
            break;
        }
        done = event.type == YAML_STREAM_END_EVENT;
        failed = handle(&r, &event) < 0;
        yaml_event_delete(&event);
        if (failed)
            break;
    }
    yaml_parser_delete(&parser);
    release(&r);
    if (failed) {
        Py_CLEAR(r.root);
        if (PyErr_Occurred())
            return NULL;
        return PyUnicode_FromString(r.reason);
    }
    return r.root ? r.root : Py_NewRef(Py_None);
}

/* The offset of slot `name` of `type`, from its member descriptor; -1 on error. */
static Py_ssize_t
slot_of(PyTypeObject *type, const char *name)
{
    PyObject *descriptor = PyObject_GetAttrString((PyObject *)type, name);
    if (descriptor == NULL)
        return -1;
    Py_ssize_t offset = -1;
    if (Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
        if (member->type == T_OBJECT_EX && !(member->flags & READONLY))
            offset = member->offset;
    }
    Py_DECREF(descriptor);
    if (offset < 0)
        PyErr_Format(PyExc_TypeError, "%s.%s is not a slot for any object", type->tp_name, name);
    return offset;
}

static int
plain_type(PyObject *object, const char *what)
{
    if (!PyType_Check(object)) {
        PyErr_Format(PyExc_TypeError, "%s must be a class", what);
        return -1;
    }
    PyTypeObject *type = (PyTypeObject *)object;
    if (type->tp_dictoffset != 0 || type->tp_itemsize != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a class of slots only", what);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(bind_doc,
"bind(ScalarNode, SequenceNode, MappingNode, /)\n--\n\n"
"Make read() build these classes (cfgov.io.nodes), whose slots it fills directly.");

static PyObject *
reader_bind(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "bind() takes the three node classes");
        return NULL;
    }
    if (plain_type(args[0], "ScalarNode") < 0 || plain_type(args[1], "SequenceNode") < 0
        || plain_type(args[2], "MappingNode") < 0)
        return NULL;
    PyTypeObject *s = (PyTypeObject *)args[0], *q = (PyTypeObject *)args[1],
                 *m = (PyTypeObject *)args[2];
    if ((sc_line = slot_of(s, "line")) < 0 || (sc_column = slot_of(s, "column")) < 0
        || (sc_value = slot_of(s, "value")) < 0 || (sc_plain = slot_of(s, "plain")) < 0
        || (sc_comment = slot_of(s, "comment_follows")) < 0
        || (seq_line = slot_of(q, "line")) < 0 || (seq_column = slot_of(q, "column")) < 0
        || (seq_items = slot_of(q, "items")) < 0 || (map_line = slot_of(m, "line")) < 0
        || (map_column = slot_of(m, "column")) < 0 || (map_items = slot_of(m, "items")) < 0)
        return NULL;
    Py_XSETREF(scalar_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(sequence_type, (PyTypeObject *)Py_NewRef(args[1]));
    Py_XSETREF(mapping_type, (PyTypeObject *)Py_NewRef(args[2]));
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"read", (PyCFunction)(void (*)(void))reader_read, METH_FASTCALL, read_doc},
    {"bind", (PyCFunction)(void (*)(void))reader_bind, METH_FASTCALL, bind_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "cfgov.io._reader",
    "cfgov's YAML reader in C, over libyaml: see cfgov.io.parser.CompiledParser.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__reader(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    empty_text = PyUnicode_FromStringAndSize("", 0);
    if (empty_text == NULL
        || PyModule_AddStringConstant(module, "libyaml_version", yaml_get_version_string()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
