// A student's applications (Features/Applications/Pages/MyApplications.razor): when the employer
// moves one (`applicationChanged`, also `interviewInvited`) the rows are read from the server again,
// so the status, its word and what the student may do next stay the server's; the changed row is
// ringed and its new status said to screen readers. After a reconnection: the same.
import { live, announce } from "/js/live.js";
import { refetch } from "/js/refetch.js";

export function start(rows) {
  async function refresh() {
    for (const row of await refetch(rows)) if (row.dataset.announce) announce(row.dataset.announce);
  }
  return live({ events: { applicationChanged: refresh, interviewInvited: refresh }, refresh });
}
