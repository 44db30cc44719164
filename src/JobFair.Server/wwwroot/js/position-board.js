// A position's board (Features/Employers/Pages/PositionBoard.razor): an application to this
// position (applicationReceived, sent to the employer's recruiters) and every reconnection catch
// the board up from the server in place (refetch.js), so ticked cards, a note being written, the
// folded columns and the reader's scroll stay as they were; new cards are ringed and announced.
import { live, announce } from "/js/live.js";
import { refetch } from "/js/refetch.js";

export function start(element) {
  const positionId = element.dataset.positionId;

  async function refresh() {
    const changed = await refetch(element);
    // New applications land in the first column (the whole list of cards is new when it was empty).
    const cards = (node) => (node.matches("[data-application-id]") ? [node] : [...node.querySelectorAll("[data-application-id]")]);
    const arrived = changed.filter((node) => node.closest("[data-column=submitted]")).flatMap(cards).length;
    if (arrived > 0 && element.dataset.announce) announce(element.dataset.announce.replace("{0}", arrived));
  }

  return live({
    events: { applicationReceived: (e) => { if (e.positionId === positionId) refresh(); } },
    refresh,
  });
}
