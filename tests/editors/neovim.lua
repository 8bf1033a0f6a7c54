-- Neovim as a real client of `wb lsp` (run by tests/lsp.rs): open a design
-- with a mistake, wait for its diagnostic, ask for a completion at the
-- mistake, accept it, and wait for the diagnostic to go. Writes what it saw
-- to $RESULT, a line per fact.
local out = {}
local function say(line) table.insert(out, line) end
local function finish()
  vim.fn.writefile(out, os.getenv("RESULT"))
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("DESIGN")))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "wb",
  cmd = { os.getenv("WB"), "lsp" },
  root_dir = vim.fn.fnamemodify(os.getenv("DESIGN"), ":h"),
})
if not client then
  say("no client")
  finish()
  return
end
vim.lsp.buf_attach_client(buf, client)

local function mistake()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if string.find(d.message, "unknown kind", 1, true) then return d end
  end
  return nil
end

if not vim.wait(20000, function() return mistake() ~= nil end, 50) then
  say("no diagnostic")
  finish()
  return
end
local d = mistake()
say("diagnostic " .. d.lnum .. " " .. d.message:gsub("\n.*", ""))

local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = d.lnum, character = 3 },
}
local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 20000) or {}
local chosen = nil
for _, response in pairs(responses) do
  local items = (response.result or {}).items or response.result or {}
  for _, item in ipairs(items) do
    if item.label == "service" then chosen = item.label end
  end
end
if not chosen then
  say("no completion")
  finish()
  return
end
say("completion " .. chosen)

-- Accept it: the word under the cursor becomes the label.
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
local word_end = string.find(line, " ", 1, true) - 1
vim.api.nvim_buf_set_text(buf, d.lnum, 0, d.lnum, word_end, { chosen })
if vim.wait(20000, function() return mistake() == nil end, 50) then
  say("fixed")
else
  say("still wrong")
end
finish()
