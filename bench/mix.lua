-- The request mix of `make load` (bench/load.py): cycles through the lines of a mix file,
-- "<path>\t<Header: value>\t...", one request per line, in order. A path holding {per_page}
-- and {page} is a cache miss: it gets a number n, per_page = n % 100 + 1 and
-- page = n // 100 + 1. init's arguments: the mix file, the first n of this round, the
-- round's budget of new pages, and how many new pages a second may be asked for. New numbers
-- are given out at that steady rate over the round, up to the budget, as a population of
-- readers comes upon pages nobody asked for before; a miss beyond the rate asks for a page
-- of this round again (a hit). One wrk thread: the counters are per thread. Statuses are
-- counted by statuses.lua; this adds what was sent, per line of the mix file
-- ("sent <line> <count>"), and how many new pages were asked for ("new_pages <count>").

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "statuses.lua")
local count_statuses_setup, print_statuses = setup, done

local entries = {}
local threads = {}
local index = 0
local first_miss, miss_budget, miss_rate, started = 0, 1, 1, 0
local misses = 0
new_pages = 0
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
  first_miss, miss_budget, miss_rate = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  started = os.time()
end

function request()
  index = index % #entries + 1
  local entry = entries[index]
  sent[index] = sent[index] + 1
  if entry.request then
    return entry.request
  end
  local allowed = math.min(miss_budget, (os.time() - started + 1) * miss_rate)
  local n
  if new_pages < allowed then
    n = first_miss + new_pages
    new_pages = new_pages + 1
  else
    n = first_miss + misses % new_pages
  end
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
    io.write(string.format("new_pages %d\n", thread:get("new_pages")))
  end
end
