// The recruiter's booth console (Features/Employers/Pages/EmployerBooth.razor): each `queueChanged`
// of this booth (a join, a leave, a call, a student coming into the room, a skip) and every
// (re)connection fetch the page again and catch the line and the calls up from it (refetch.js keeps
// the rows that did not change, so focus stays put, and rings the ones that did). Events of a burst
// are folded: while one fetch runs, later events ask for one more, not one each.
import { live } from "/js/live.js";
import { refetch } from "/js/refetch.js";

export function start(element) {
  const { fairId, employerId } = element.dataset;
  let running = null;
  let again = false;

  function refresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await refetch(element);
      } while (again);
    })().finally(() => { running = null; });
    return running;
  }

  return live({
    events: { queueChanged: (e) => { if (e?.fairId === fairId && e?.employerId === employerId) refresh(); } },
    refresh,
  });
}
