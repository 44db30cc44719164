// The student's place in one booth's line (Features/Fairs/Pages/FairPage.razor), as the server
// rendered it on load: `queuePosition` rewrites the place and the wait (a range when the estimate is
// uncertain, in the page's own words from data-*-text), `called` shows the way into the talk's room
// (the region is aria-live, so a screen reader says it at once), `queueLeft` says why the place is
// gone (skipped, the booth closed, the fair over) and, where the student may queue again, shows the way
// back to the booth (on the start page; the fair page's booth list offers 排队 itself). After every (re)connection the
// entry is read again (GET /api/fairs/{fairId}/booths/{employerId}/queue answers a student with
// their own entry), so a missed event is caught up from the server, never replayed.
import { live, drop, highlight } from "/js/live.js";

/** Whether a student whose place ended for this reason may queue at the booth again (not once it or the fair closed). */
export const mayRejoin = (reason) => reason === "left" || reason === "skipped" || reason === "call_expired";

export function start(element) {
  const { fairId, employerId, placeText, etaText, etaRangeText, nextText } = element.dataset;
  const place = element.querySelector("[data-queue-place]");
  const eta = element.querySelector("[data-queue-eta]");
  const call = element.querySelector("[data-queue-call]");
  let asOf = 0;

  function waitText({ ahead, etaMinutes, etaMinutesLow, etaMinutesHigh }) {
    if (ahead == null) return "";
    if (ahead === 0) return nextText;
    const ranged = etaMinutesLow != null && etaMinutesHigh != null && etaMinutesLow !== etaMinutesHigh;
    return (ranged ? etaRangeText : etaText)
      .replace("{ahead}", String(ahead))
      .replace("{eta}", String(etaMinutes ?? 0))
      .replace("{low}", String(etaMinutesLow))
      .replace("{high}", String(etaMinutesHigh));
  }

  function showPlace(entry) {
    if (entry.position == null || !call.hidden) return; // once called, the call stays until the page moves on
    const text = placeText.replace("{0}", String(entry.position));
    if (place.textContent !== text) {
      place.textContent = text;
      highlight(place);
    }
    if (eta) eta.textContent = waitText(entry);
  }

  function showCall(roomUrl) {
    if (!roomUrl) return;
    const link = call.querySelector("a");
    link.href = roomUrl;
    const wasHidden = call.hidden;
    call.hidden = false;
    place.hidden = true;
    if (eta) eta.hidden = true;
    if (wasHidden) link.focus();
  }

  // The line ended for the student (left in another tab, skipped, the booth closed, the fair over): say why, in the page's words.
  function showEnded(reason) {
    const ended = element.querySelector("[data-queue-ended]");
    if (!ended) return;
    let reasons = {};
    try { reasons = JSON.parse(ended.dataset.reasons ?? "{}"); } catch { /* the words stay empty */ }
    ended.textContent = reasons[reason] ?? reasons.left ?? "";
    ended.hidden = false;
    for (const part of [place, eta, call, element.querySelector("[data-queue-leave]")]) if (part) part.hidden = true;
    const rejoin = element.querySelector("[data-queue-rejoin]");
    if (rejoin && mayRejoin(reason)) rejoin.hidden = false;
  }

  const ours = (e) => e?.fairId === fairId && e?.employerId === employerId;

  async function refresh() {
    const response = await fetch(`/api/fairs/${fairId}/booths/${employerId}/queue`, { headers: { Accept: "application/json" } });
    if (!response.ok) return drop(response);
    const entry = await response.json();
    if (entry.id !== element.dataset.islandKey) return; // a newer entry of theirs (joined again elsewhere) has its own card after a reload
    if (entry.reason) showEnded(entry.reason);
    else if (entry.roomUrl) showCall(entry.roomUrl);
    else showPlace(entry);
  }

  return live({
    events: {
      queuePosition: (e) => {
        // Updates may cross on the way (two nodes): the latest reading of the line wins.
        if (!ours(e)) return;
        const at = Date.parse(e.asOf ?? "") || 0;
        if (at < asOf) return;
        asOf = at;
        showPlace(e);
      },
      called: (e) => { if (ours(e)) showCall(e.roomUrl); },
      queueLeft: (e) => { if (ours(e)) showEnded(e.reason); },
    },
    refresh,
  });
}
