// A student's interviews (Features/Interviews/Pages/MyInterviews.razor). Watches the positions whose
// slots the page offers (data-positions): a slot that others fill (`slotsChanged` with no seat left)
// leaves its picker at once, then the page's interview part is read from the server again, as it is
// on a new invitation or a changed application and after every reconnection. When a booked room is
// about to open (data-opens-at), the part is read again then, so that its link appears.
import { live } from "/js/live.js";
import { refetch } from "/js/refetch.js";

const ids = (text) => new Set((text ?? "").split(" ").filter(Boolean));

export function start(element) {
  let hub = null;
  let watching = new Set();
  let timer = 0;

  const watch = (id) => hub?.invoke("WatchPosition", id).catch(() => {}); // no longer invited: nothing to watch
  const unwatch = (id) => hub?.invoke("UnwatchPosition", id).catch(() => {});

  function followPositions() {
    const wanted = ids(element.dataset.positions);
    for (const id of wanted) if (!watching.has(id)) watch(id);
    for (const id of watching) if (!wanted.has(id)) unwatch(id);
    watching = wanted;
  }

  function wakeForRooms() {
    clearTimeout(timer);
    const soonest = Math.min(...[...element.querySelectorAll("[data-opens-at]")].map((b) => Date.parse(b.dataset.opensAt)));
    const wait = soonest - Date.now();
    if (Number.isFinite(wait) && wait < 24 * 3600 * 1000) timer = setTimeout(refresh, Math.max(0, wait) + 1000);
  }

  async function refresh() {
    await refetch(element);
    followPositions();
    wakeForRooms();
  }

  function slotsChanged({ slotId, capacity, booked }) {
    if (booked >= capacity) {
      for (const button of element.querySelectorAll(`[data-slot-id="${slotId}"]`)) (button.closest("li") ?? button).remove();
    }
    refresh();
  }

  wakeForRooms();
  const stop = live({
    join: async (connection) => {
      hub = connection;
      watching = ids(element.dataset.positions);
      await Promise.all([...watching].map(watch));
    },
    leave: () => Promise.all([...watching].map(unwatch)),
    events: { slotsChanged, interviewInvited: refresh, applicationChanged: refresh },
    refresh,
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}
