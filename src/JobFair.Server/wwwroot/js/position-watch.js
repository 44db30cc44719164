// A recruiter's page that shows interview seats (PositionSlots: one position's slots; EmployerInterviews:
// the bookings of all the employer's positions). It watches the positions named in data-positions;
// every `slotsChanged` (a booking made, moved or cancelled, slots published) and every reconnection
// catch the element up from the server in place (refetch.js): the counts and the bookings are the
// page's own rendering, never rebuilt here.
import { live } from "/js/live.js";
import { refetch } from "/js/refetch.js";

export function start(element) {
  const positions = (element.dataset.positions ?? "").split(" ").filter(Boolean);
  let timer = 0;

  // A burst of changes (a slot rush) is caught up once, shortly after it began.
  function soon() {
    if (timer) return;
    timer = setTimeout(() => { timer = 0; refetch(element); }, 300);
  }

  const stop = live({
    join: (hub) => Promise.all(positions.map((id) => hub.invoke("WatchPosition", id))),
    leave: (hub) => Promise.all(positions.map((id) => hub.invoke("UnwatchPosition", id))),
    events: { slotsChanged: (e) => { if (positions.includes(e.positionId)) soon(); } },
    refresh: () => refetch(element),
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}
