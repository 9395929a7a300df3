-- cfgov's language server in Neovim: put this in init.lua (or in lsp/cfgov.lua,
-- returning the table given to vim.lsp.config below).

if vim.fn.has("nvim-0.11") == 1 then
  vim.lsp.config("cfgov", {
    cmd = { "cfgov", "lsp" },
    filetypes = { "yaml" },
    -- The model is the folder holding cfgov.toml (else the top of the git repository).
    root_markers = { "cfgov.toml", ".git" },
    -- To check a sub-folder of that one: init_options = { model = "model" },
    -- Let cfgov hear of files changed on disk (a branch switched); Neovim leaves
    -- this off on Linux unless asked.
    capabilities = {
      workspace = { didChangeWatchedFiles = { dynamicRegistration = true } },
    },
  })
  vim.lsp.enable("cfgov")
else -- Neovim 0.10
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "yaml",
    callback = function(args)
      local root = vim.fs.root(args.buf, { "cfgov.toml", ".git" })
      if root then
        vim.lsp.start({ name = "cfgov", cmd = { "cfgov", "lsp" }, root_dir = root })
      end
    end,
  })
end
