-- wrk script of the load run (bench/loaddrive.py): `wrk -s load.lua URL -- METHOD TOKENS [HEADER...]`.
-- METHOD: GET or POST. TOKENS: a file of API tokens, one a line, each request taking the next one
-- as its bearer (one person per request), or "-" for none. HEADER: "Name: value".
-- Every answer's status is counted, and printed at the end as "bench-status <code> <count>".

local method, headers, tokens, next_token = "GET", {}, nil, 1
counts = {}  -- global: done() reads each thread's through thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  method = args[1] or "GET"
  if args[2] and args[2] ~= "-" then
    tokens = {}
    for line in io.lines(args[2]) do
      table.insert(tokens, line)
    end
  end
  for i = 3, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
end

function request()
  local h = headers
  if tokens then
    h = {}
    for k, v in pairs(headers) do
      h[k] = v
    end
    h["Authorization"] = "Bearer " .. tokens[next_token]
    next_token = next_token % #tokens + 1
  end
  return wrk.format(method, nil, h, nil)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("bench-status %d %d\n", status, count))
  end
  io.write(string.format("bench-duration-us %d\n", summary.duration))
  local e = summary.errors
  io.write(string.format("bench-socket-errors %d\n", e.connect + e.read + e.write + e.timeout))
end
