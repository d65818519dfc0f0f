// Parse iCalendar feeds with ical.js (the parser inside Thunderbird) and print what it sees.
//
// `node parse.mjs` reads one .ics on stdin and prints one JSON object:
//   {"name", "xWrCalname", "description", "zones": [...], "events": [{uid, summary, description,
//    location, status, sequence, url, allDay, start, end, startDate, endDate, tzid, floating}]}
// `start`/`end` are the UTC instants (ISO 8601) of a timed event, `startDate`/`endDate` the
// YYYY-MM-DD of an all-day one. Each VTIMEZONE is registered before any event is read, as
// Thunderbird does; without that ical.js would read TZID times as floating.
//
// `node parse.mjs --serve` reads one JSON string (an .ics) per line and answers one JSON line
// each ({"error": message} when ical.js throws), so that a test run starts Node only once.
import readline from "node:readline";

import ICAL from "ical.js";

function when(time) {
  if (time === null || time === undefined) return { instant: null, date: null, tzid: null };
  if (time.isDate) return { instant: null, date: time.toString(), tzid: null };
  const zone = time.zone;
  return {
    instant: time.toJSDate().toISOString(),
    date: null,
    tzid: zone ? zone.tzid : null,
    floating: !zone || zone === ICAL.Timezone.localTimezone,
  };
}

function parseCalendar(text) {
  // Each calendar is read on its own: forget the zones of the previous one.
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = [];
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    zones.push(vtimezone.getFirstPropertyValue("tzid"));
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = when(event.startDate);
    const end = when(event.endDate);
    const url = vevent.getFirstPropertyValue("url");
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      url: url === null ? null : String(url),
      allDay: event.startDate.isDate,
      start: start.instant,
      end: end.instant,
      startDate: start.date,
      endDate: end.date,
      tzid: start.tzid,
      floating: Boolean(start.floating || end.floating),
    };
  });
  const value = (name) => {
    const found = calendar.getFirstPropertyValue(name);
    return found === null ? null : String(found);
  };
  return {
    name: value("name"),
    xWrCalname: value("x-wr-calname"),
    description: value("description"),
    zones,
    events,
  };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

if (process.argv.includes("--serve")) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    let answer;
    try {
      answer = parseCalendar(JSON.parse(line));
    } catch (error) {
      answer = { error: String(error && error.stack ? error.stack : error) };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  }
} else {
  process.stdout.write(JSON.stringify(parseCalendar(await readStdin())) + "\n");
}
