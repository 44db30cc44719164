// The student's place in one booth's line (Features/Fairs/Pages/FairPage.razor): `queuePosition`
// rewrites the place, `called` shows the way into the talk's room (the region is aria-live, so a
// screen reader says it at once). After every (re)connection the entry is read again
// (GET /api/fairs/{fairId}/booths/{employerId}/queue answers a student with their own entry).
import { live, highlight } from "/js/live.js";

export function start(element) {
  const { fairId, employerId, placeText } = element.dataset;
  const place = element.querySelector("[data-queue-place]");
  const call = element.querySelector("[data-queue-call]");

  function showPlace(position) {
    if (position == null) return;
    const text = placeText.replace("{0}", String(position));
    if (place.textContent === text) return;
    place.textContent = text;
    highlight(place);
  }

  function showCall(roomUrl) {
    if (!roomUrl) return;
    const link = call.querySelector("a");
    link.href = roomUrl;
    call.hidden = false;
    place.hidden = true;
    link.focus();
  }

  const ours = (e) => e?.fairId === fairId && e?.employerId === employerId;

  async function refresh() {
    const response = await fetch(`/api/fairs/${fairId}/booths/${employerId}/queue`, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const entry = await response.json();
    if (entry.roomUrl) showCall(entry.roomUrl);
    else showPlace(entry.position);
  }

  return live({
    events: {
      queuePosition: (e) => { if (ours(e)) showPlace(e.position); },
      called: (e) => { if (ours(e)) showCall(e.roomUrl); },
    },
    refresh,
  });
}
