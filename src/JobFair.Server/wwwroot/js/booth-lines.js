// The fair page's booth lines (Features/Fairs/Pages/FairPage.razor): each `queueChanged` of this fair
// writes the line's length into its booth's row and rings it; after every (re)connection the lengths
// are read from the server again (GET /api/fairs/{id}/booths?open=true). The fair itself is watched
// by the figures' island on the same page (fair-live.js), whose WatchFair brings these events too.
// When a signed-in student's place at a booth ends and they may queue again (`queueLeft`: left in
// another tab, skipped), the booth's row offers 排队 again where it said 已在排队.
import { live, drop, highlight } from "/js/live.js";
import { mayRejoin } from "/js/queue-place.js";

export function start(element) {
  const id = element.dataset.boothsOf;

  function show(employerId, waiting) {
    const cell = element.querySelector(`[data-booth-id="${employerId}"] [data-booth-waiting]`);
    const value = String(waiting ?? "");
    if (!cell || value === "" || cell.textContent === value) return;
    cell.textContent = value;
    highlight(cell.closest("[data-booth-id]") ?? cell);
  }

  function offerJoin(employerId) {
    const { joinText, joinLabel } = element.dataset;
    const row = element.querySelector(`[data-booth-id="${employerId}"]`);
    const chip = row?.querySelector("[data-booth-in-line]");
    if (!joinText || !chip) return;
    const button = document.createElement("button");
    button.className = "button button--secondary";
    button.type = "submit";
    button.name = "Join.EmployerId";
    button.value = employerId;
    button.textContent = joinText;
    button.setAttribute("aria-label", (joinLabel ?? joinText).replace("{0}", row.querySelector(".booth-row__name")?.textContent ?? ""));
    chip.replaceWith(button);
    highlight(row);
  }

  async function refresh() {
    const response = await fetch(`/api/fairs/${id}/booths?open=true&pageSize=100`, { headers: { Accept: "application/json" } });
    if (!response.ok) return drop(response);
    for (const booth of (await response.json()).items ?? []) show(booth.employerId, booth.waiting);
  }

  return live({
    events: {
      queueChanged: (change) => { if (change?.fairId === id) show(change.employerId, change.waiting); },
      queueLeft: (ended) => { if (ended?.fairId === id && mayRejoin(ended.reason)) offerJoin(ended.employerId); },
    },
    refresh,
  });
}
