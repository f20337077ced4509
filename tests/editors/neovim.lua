-- End-to-end run of `argmap lsp` in Neovim's built-in LSP client (Neovim 0.7 and later), headless:
--   ARGMAP_LSP="python<TAB>-m<TAB>argmap<TAB>lsp" ARGMAP_ROOT=<workspace> ARGMAP_OUT=<result.json> \
--   ARGMAP_HOVER="<line>,<col>" ARGMAP_BREAK=<line> nvim --headless --clean -u neovim.lua <map file>
-- It starts the server for the buffer, waits for its diagnostics, asks for a hover, breaks the
-- YAML (an unclosed quote on line ARGMAP_BREAK), waits for L001, removes the line, waits for the
-- map to be clean again, and writes what it saw to ARGMAP_OUT as JSON. Lines and columns are 0-based.
local out_path = os.getenv("ARGMAP_OUT")
local results = {}

local function codes(diagnostics)
  local out = {}
  for _, d in ipairs(diagnostics) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(out, {code = code, line = d.lnum, col = d.col, end_col = d.end_col, message = d.message})
  end
  return out
end

local function has(diagnostics, code)
  for _, d in ipairs(codes(diagnostics)) do
    if d.code == code then return true end
  end
  return false
end

local function run()
local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local root = os.getenv("ARGMAP_ROOT")
  local id = vim.lsp.start_client({
    name = "argmap",
    cmd = vim.split(os.getenv("ARGMAP_LSP"), "\t"),
    root_dir = root,
    workspace_folders = {{uri = vim.uri_from_fname(root), name = "workspace"}},
  })
  vim.lsp.buf_attach_client(buf, id)
  local function now() return vim.diagnostic.get(buf) end
  results.first_ok = vim.wait(30000, function() return #now() > 0 end, 50)
  results.first = codes(now())

  local line, col = string.match(os.getenv("ARGMAP_HOVER"), "(%d+),(%d+)")
  local params = {textDocument = {uri = vim.uri_from_bufnr(buf)}, position = {line = tonumber(line), character = tonumber(col)}}
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000) or {}
  for _, reply in pairs(replies) do
    if reply.result and reply.result.contents then results.hover = reply.result.contents.value end
  end

  local at = tonumber(os.getenv("ARGMAP_BREAK"))
  vim.api.nvim_buf_set_lines(buf, at, at, false, {'    text: "unclosed'})
  results.broken_ok = vim.wait(30000, function() return has(now(), "L001") end, 50)
  results.broken = codes(now())
  vim.api.nvim_buf_set_lines(buf, at, at + 1, false, {})
  results.fixed_ok = vim.wait(30000, function() return not has(now(), "L001") and #now() > 0 end, 50)
  results.fixed = codes(now())
end)
if not ok then results.error = tostring(err) end
local f = io.open(out_path, "w")
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd("qa!")
end

-- the file's buffer is loaded after this config runs: start once Neovim is up
vim.api.nvim_create_autocmd("VimEnter", {callback = run})
