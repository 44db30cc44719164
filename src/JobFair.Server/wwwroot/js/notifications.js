// The notification list (Features/Notifications/Pages/NotificationList.razor): a new notification
// appears at the top as it arrives; after a reconnection the list is read from the server again.
import { live } from "/js/live.js";
import { refetch } from "/js/refetch.js";

export function start(element) {
  const refresh = () => refetch(element);
  return live({ events: { notification: refresh }, refresh });
}
