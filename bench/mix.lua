-- The request mix of `make load` (bench/load.py): cycles through the lines of a mix file,
-- "<path>\t<Header: value>\t...", one request per line, in order. A path holding {per_page}
-- and {page} is a cache miss: it gets a number n, per_page = n % 100 + 1 and
-- page = n // 100 + 1. init's arguments: the mix file, the first n of this round, and the
-- round's budget of misses: the first `budget` misses take new numbers, later ones cycle
-- through the same numbers again (so they are hits). One wrk thread: the counter is per
-- thread. Statuses are counted by statuses.lua; this adds what was sent, per line of the mix
-- file: "sent <line> <count>".

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "statuses.lua")
local count_statuses_setup, print_statuses = setup, done

local entries = {}
local threads = {}
local index = 0
local first_miss, miss_budget, misses = 0, 1, 0
sent = {}

function setup(thread)
  count_statuses_setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in assert(io.open(args[1])):lines() do
    local fields = {}
    for field in line:gmatch("[^\t]+") do
      table.insert(fields, field)
    end
    local entry = { path = fields[1], headers = {} }
    for i = 2, #fields do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      entry.headers[name] = value
    end
    if not entry.path:find("{page}", 1, true) then
      entry.request = wrk.format("GET", entry.path, entry.headers)  -- built once
    end
    table.insert(entries, entry)
    sent[#entries] = 0
  end
  first_miss, miss_budget = tonumber(args[2]), tonumber(args[3])
end

function request()
  index = index % #entries + 1
  local entry = entries[index]
  sent[index] = sent[index] + 1
  if entry.request then
    return entry.request
  end
  local n = first_miss + misses % miss_budget
  misses = misses + 1
  local path = entry.path:gsub("{per_page}", tostring(n % 100 + 1))
  path = path:gsub("{page}", tostring(math.floor(n / 100) + 1))
  return wrk.format("GET", path, entry.headers)
end

function done(summary, latency, requests)
  print_statuses(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for line, count in pairs(thread:get("sent")) do
      io.write(string.format("sent %d %d\n", line, count))
    end
  end
end
