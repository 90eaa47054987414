-- Count responses by HTTP status, so the benchmark can check that every answer was the
-- expected one (wrk itself only counts responses outside 2xx/3xx). Printed after wrk's
-- own report as lines "status <code> <count>", one per status seen.
counts = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      io.write(string.format("status %d %d\n", status, count))
    end
  end
end
