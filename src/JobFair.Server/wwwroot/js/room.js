// The video-interview room (Features/Interviews/Pages/Room.razor): device check, waiting room,
// a 1:1 call over the browser's own RTCPeerConnection, live chat and the time left. Signalling
// goes through the room hub (/hubs/rooms), which relays a side's signals to the other side only.
//
// Who offers: the recruiter's page makes every offer; the student's page answers. Each call is a
// "session" (a random id carried by every signal): the recruiter starts a new one when it joins
// and the student is there, and when the student asks with {type: "ready"} (it has just come in,
// or come back, or its call broke). A student's page that gets an offer of a session it does not
// know drops its old connection and answers on a new one, so a reloaded phone gets back in. When
// the connection drops, the recruiter restarts ICE after a few seconds (the same session), and the
// student asks for a fresh session if that does not bring it back; both keep their hub connection
// retrying for as long as the page is open, and the room takes a side back at any time before it
// closes, so a phone that changes network does not end the interview.
import { announce } from "/js/live.js";

const hubRetry = [0, 1000, 2000, 5000, 10000];
const iceRestartAfter = 3000;   // "disconnected" this long: the recruiter restarts ICE
const freshSessionAfter = 12000; // not connected this long: the student asks for a new session

export function start(root) {
  const room = new Room(root);
  room.start();
  return () => room.stop();
}

class Room {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.roomId;
    this.side = root.dataset.side;
    this.offerer = this.side === "recruiter";
    this.words = JSON.parse(root.dataset.words || "{}");
    this.closesAt = Date.parse(root.dataset.closesAt);
    this.skew = Date.parse(root.dataset.serverNow) - Date.now(); // server clock minus ours
    this.iceServers = [];
    this.joined = false;
    this.otherHere = false;   // the other side is in the room (joined), as the hub last said
    this.closed = false;
    this.stopped = false;
    this.pc = null;
    this.session = null;
    this.sessionStartedAt = 0;
    this.pending = new Map(); // session -> candidates that came before its offer
    this.stream = null;       // the local camera and microphone, or null
    this.remote = new MediaStream();
    this.warned = new Set();
    this.el = (name) => root.querySelector(`[data-${name}]`);
  }

  async start() {
    for (const name of ["check", "waiting"]) this.el(name).hidden = false;
    this.el("time").hidden = false;
    this.el("join").addEventListener("click", () => this.join());
    this.el("leave").addEventListener("click", () => this.leave());
    this.el("mute").addEventListener("click", (e) => this.toggle("audio", e.currentTarget, "mute", "unmute"));
    this.el("camera-off").addEventListener("click", (e) => this.toggle("video", e.currentTarget, "cameraOff", "cameraOn"));
    this.el("extend")?.addEventListener("click", () => this.extend());
    this.el("tone").addEventListener("click", () => this.tone());
    this.el("retry").addEventListener("click", () => this.openDevices());
    this.el("camera").addEventListener("change", () => this.openDevices());
    this.el("microphone").addEventListener("change", () => this.openDevices());
    this.root.querySelector("[data-chat-form]")?.addEventListener("submit", (e) => this.say(e));
    this.el("remote").srcObject = this.remote;
    this.ticker = setInterval(() => this.tick(), 1000);
    this.tick();
    this.openDevices();
    await this.connect();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.ticker);
    clearInterval(this.meterTimer);
    this.hangUp();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.audio?.close().catch(() => {});
    this.hub?.stop().catch(() => {});
  }

  // ---- The hub -------------------------------------------------------------------------------

  async connect() {
    await import("/lib/signalr/signalr.min.js"); // the official browser bundle (npm @microsoft/signalr)
    const { HubConnectionBuilder, LogLevel } = globalThis.signalR;
    const hub = (this.hub = new HubConnectionBuilder()
      .withUrl("/hubs/rooms")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => retry(previousRetryCount) })
      // A dropped connection is normal on a phone, and the page says so itself: warnings, not errors.
      .configureLogging({ log: (level, message) => { if (level >= LogLevel.Error) console.warn("room:", message); } })
      .build());
    hub.on("roomPresence", (e) => this.presence(e));
    hub.on("roomSignal", (e) => this.signal(e).catch((error) => console.warn("room: a signal failed", error)));
    hub.on("roomChat", (e) => this.addLine(e));
    hub.on("roomTime", (e) => this.extended(e.closesAt));
    // Put out of the room (the employer was suspended, or this account lost its place): the call ends here.
    hub.on("roomClosed", (e) => this.close(this.words[`refusal.${e.reason}`] ?? this.words.closed));
    hub.onreconnecting(() => this.status("hubLost"));
    hub.onreconnected(() => this.enter());
    hub.onclose(() => { if (!this.stopped && !this.closed) this.open(1); });
    await this.open(0);
  }

  async open(attempt) {
    for (; !this.stopped && !this.closed; attempt++) {
      try {
        await this.hub.start();
        await this.enter();
        return;
      } catch (error) {
        if (this.refused(error)) return;
        this.status("hubLost");
        await sleep(retry(attempt) || 1000);
      }
    }
  }

  /** After every (re)connection: back into the room as before (joined, or watching from the waiting room). */
  async enter() {
    try {
      if (this.joined) await this.rejoin();
      else {
        const watching = await this.hub.invoke("WatchRoom", this.id);
        this.closesAt = Date.parse(watching.closesAt);
        this.showPresence(watching.otherPresent);
      }
    } catch (error) {
      this.refused(error) || console.warn("room: could not enter", error);
    }
  }

  /** A hub refusal ("code: message"): the room closed, or was never ours. True when it ends the room. */
  refused(error) {
    const code = codeOf(error);
    if (code === "room_closed" || code === "booking_not_active" || code === "not_found") {
      this.close(code === "room_closed" ? this.words.closed : this.words[`refusal.${code}`]);
      return true;
    }
    return false;
  }

  describe(error) {
    return this.words[`refusal.${codeOf(error)}`] ?? String(error?.message ?? error);
  }

  // ---- Devices -------------------------------------------------------------------------------

  async openDevices() {
    this.problem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem(globalThis.isSecureContext === false ? "mediaInsecure" : "mediaUnsupported");
      return;
    }
    const camera = this.el("camera").value;
    const microphone = this.el("microphone").value;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: camera ? { deviceId: { exact: camera } } : { width: { ideal: 640 }, height: { ideal: 480 } },
        audio: microphone ? { deviceId: { exact: microphone } } : true,
      });
    } catch (error) {
      this.problem(mediaProblem(error), error);
      return;
    }
    const old = this.stream;
    this.stream = stream;
    this.el("preview").srcObject = stream;
    this.el("self").srcObject = stream;
    this.applyToggles();
    await this.sendTracks();
    old?.getTracks().forEach((t) => t.stop());
    this.meter(stream);
    await this.listDevices();
  }

  async listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select, kind, word) => {
      const chosen = this.stream?.getTracks().find((t) => t.kind === (kind === "videoinput" ? "video" : "audio"))?.getSettings().deviceId;
      select.replaceChildren(...devices.filter((d) => d.kind === kind).map((d, i) => {
        const option = new Option(d.label || this.words[word].replace("{0}", i + 1), d.deviceId);
        option.selected = d.deviceId === chosen;
        return option;
      }));
    };
    fill(this.el("camera"), "videoinput", "camera");
    fill(this.el("microphone"), "audioinput", "microphone");
  }

  /** The microphone level in the device check, a few times a second. */
  meter(stream) {
    clearInterval(this.meterTimer);
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    this.audio ??= new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 512;
    this.audio.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const meter = this.el("level");
    this.meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
      meter.value = Math.min(1, rms * 4);
    }, 150);
    // Browsers start audio only after a gesture: the first click on the page wakes it.
    if (this.audio.state === "suspended") document.addEventListener("click", () => this.audio.resume().catch(() => {}), { once: true });
  }

  /** A short tone through the speaker. */
  tone() {
    this.audio ??= new AudioContext();
    this.audio.resume().catch(() => {});
    const oscillator = this.audio.createOscillator();
    const gain = this.audio.createGain();
    oscillator.frequency.value = 440;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(this.audio.destination);
    oscillator.start();
    oscillator.stop(this.audio.currentTime + 1);
    announce(this.words.tone);
  }

  problem(key, error) {
    const box = this.el("problem");
    if (!key) {
      box.hidden = true;
      return;
    }
    const text = (this.words[key] ?? "").replace("{0}", error?.name ?? "");
    this.el("problem-text").textContent = `${text} ${this.words.mediaChatStill}`;
    box.hidden = false;
  }

  // ---- Joining and leaving -------------------------------------------------------------------

  async join() {
    this.audio?.resume().catch(() => {});
    this.el("join").disabled = true;
    try {
      const joined = await this.hub.invoke("JoinRoom", this.id);
      this.joined = true;
      this.el("waiting").hidden = true;
      this.el("check").hidden = true;
      this.el("call").hidden = false;
      this.took(joined);
      this.otherHere = joined.otherPresent;
      this.status(joined.otherPresent ? "connecting" : "waiting");
      if (joined.otherPresent) this.offerer ? await this.newSession() : await this.ready(null);
    } catch (error) {
      if (!this.refused(error)) this.status(null, this.describe(error));
    } finally {
      this.el("join").disabled = false;
    }
  }

  /** Back in after the hub reconnected: the call goes on if its media still flows, else it starts again. */
  async rejoin() {
    const joined = await this.hub.invoke("JoinRoom", this.id);
    this.took(joined);
    this.otherHere = joined.otherPresent;
    if (!joined.otherPresent) return this.status("waiting");
    if (this.pc?.connectionState === "connected") return this.status("connected");
    this.status("connecting");
    this.offerer ? await this.newSession() : await this.ready(null);
  }

  /** What a join hands over: ICE servers with fresh TURN credentials, the time, the chat so far. */
  took(joined) {
    this.iceServers = joined.room.iceServers;
    this.pc?.setConfiguration?.({ ...this.pc.getConfiguration(), iceServers: this.iceServers });
    this.skew = Date.parse(joined.room.now) - Date.now();
    this.closesAt = Date.parse(joined.room.closesAt);
    for (const line of joined.chat) this.addLine(line);
  }

  async leave() {
    this.joined = false;
    this.hangUp();
    this.el("call").hidden = true;
    this.el("check").hidden = false;
    this.el("waiting").hidden = false;
    this.el("presence").textContent = this.words.left;
    try {
      await this.hub.invoke("LeaveRoom", this.id);
      this.showPresence((await this.hub.invoke("WatchRoom", this.id)).otherPresent, this.words.left);
    } catch (error) {
      this.refused(error);
    }
  }

  hangUp() {
    clearTimeout(this.restartTimer);
    clearTimeout(this.freshTimer);
    this.pc?.close();
    this.pc = null;
    this.session = null;
    for (const track of this.remote.getTracks()) this.remote.removeTrack(track);
    this.el("call").dataset.connection = "closed";
  }

  /** The room's time is over (or it is gone): the call ends for this side. */
  close(message) {
    if (this.closed) return;
    this.closed = true;
    this.joined = false;
    this.hangUp();
    this.stream?.getTracks().forEach((t) => t.stop());
    for (const name of ["call", "check", "waiting", "time"]) this.el(name).hidden = true;
    const warning = this.el("time-warning");
    warning.textContent = message;
    warning.hidden = false;
    this.root.querySelector("[data-chat-form]")?.setAttribute("hidden", "");
    announce(message);
    this.hub?.stop().catch(() => {});
  }

  // ---- The call ------------------------------------------------------------------------------

  connection() {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    pc.ontrack = (e) => {
      for (const old of this.remote.getTracks().filter((t) => t.kind === e.track.kind)) this.remote.removeTrack(old);
      this.remote.addTrack(e.track);
      this.el("remote").play?.().catch(() => {});
    };
    pc.onicecandidate = (e) => {
      if (e.candidate && pc === this.pc) this.send({ type: "candidate", candidate: e.candidate.toJSON(), session: this.session });
    };
    pc.onconnectionstatechange = () => pc === this.pc && this.watch(pc);
    return pc;
  }

  /** The recruiter starts a call: a new connection, an offer with audio and video both ways. */
  async newSession() {
    this.hangUp();
    this.session = crypto.randomUUID();
    this.sessionStartedAt = Date.now();
    this.pc = this.connection();
    for (const kind of ["audio", "video"]) {
      this.pc.addTransceiver(this.track(kind) ?? kind, { direction: "sendrecv" });
    }
    await this.offer();
  }

  async offer(iceRestart = false) {
    const pc = this.pc;
    await pc.setLocalDescription(await pc.createOffer({ iceRestart }));
    await this.send({ type: "offer", sdp: pc.localDescription.sdp, session: this.session });
  }

  /** The student asks the recruiter for an offer (none, or a session other than <paramref name="session"/>). */
  async ready(session) {
    await this.send({ type: "ready", session });
  }

  async signal({ payload }) {
    if (!this.joined) return;
    switch (payload.type) {
      case "offer": return this.answer(payload);
      case "answer":
        if (payload.session === this.session && this.pc?.signalingState === "have-local-offer") {
          await this.pc.setRemoteDescription({ type: "answer", sdp: payload.sdp });
          await this.flush();
        }
        return;
      case "candidate": return this.candidate(payload);
      case "ready":
        if (!this.offerer) return;
        // The student's call is still this one and flows: nothing to do. An offer just sent is on its way.
        if (payload.session && payload.session === this.session && this.pc?.connectionState === "connected") return;
        if (!payload.session && this.session && Date.now() - this.sessionStartedAt < 3000) return;
        return this.newSession();
    }
  }

  async answer({ sdp, session }) {
    if (this.offerer) return;
    if (session !== this.session || !this.pc) {
      this.hangUp();
      this.session = session;
      this.pc = this.connection();
    }
    const pc = this.pc;
    await pc.setRemoteDescription({ type: "offer", sdp });
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = "sendrecv";
      await transceiver.sender.replaceTrack(this.track(kind));
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await this.send({ type: "answer", sdp: pc.localDescription.sdp, session });
    await this.flush();
  }

  async candidate({ candidate, session }) {
    if (session === this.session && this.pc?.remoteDescription) {
      await this.pc.addIceCandidate(candidate).catch((error) => console.warn("room: a candidate was refused", error));
      return;
    }
    // Before its offer (or answer): kept until then.
    if (!this.pending.has(session)) this.pending.set(session, []);
    this.pending.get(session).push(candidate);
  }

  async flush() {
    const waiting = this.pending.get(this.session) ?? [];
    this.pending.clear();
    for (const candidate of waiting) await this.pc.addIceCandidate(candidate).catch(() => {});
  }

  /** How the call goes: said on the page, and mended when it breaks. */
  watch(pc) {
    const state = pc.connectionState;
    this.el("call").dataset.connection = state;
    clearTimeout(this.restartTimer);
    clearTimeout(this.freshTimer);
    if (state === "connected") return this.status("connected");
    if (state === "connecting" || state === "new") return this.status("connecting");
    // The other side left: nothing to mend until it comes back (its "ready" or join starts a new call).
    if (state === "closed" || !this.otherHere) return;
    this.status(state === "failed" ? "failed" : "reconnecting");
    if (this.offerer) {
      // A few seconds' grace (a phone walking between networks), then an ICE restart on the same call.
      this.restartTimer = setTimeout(() => {
        if (pc === this.pc && pc.connectionState !== "connected") this.offer(true).catch((e) => console.warn("room: ICE restart failed", e));
      }, state === "failed" ? 0 : iceRestartAfter);
    }
    // Still broken much later: start the call over.
    this.freshTimer = setTimeout(() => {
      if (pc !== this.pc || pc.connectionState === "connected") return;
      (this.offerer ? this.newSession() : this.ready(null)).catch((e) => console.warn("room: restarting the call failed", e));
    }, freshSessionAfter);
  }

  async send(payload) {
    try {
      await this.hub.invoke("Signal", this.id, payload);
    } catch (error) {
      // The hub is reconnecting: the re-join starts the call again.
      if (!this.refused(error)) console.warn("room: a signal was not sent", error.message);
    }
  }

  track(kind) {
    return this.stream?.getTracks().find((t) => t.kind === kind) ?? null;
  }

  /** New devices: the running call sends from them at once (no renegotiation). */
  async sendTracks() {
    for (const transceiver of this.pc?.getTransceivers() ?? []) {
      const kind = transceiver.receiver.track.kind;
      await transceiver.sender.replaceTrack(this.track(kind)).catch(() => {});
    }
  }

  toggle(kind, button, onWord, offWord) {
    const off = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(off));
    button.textContent = this.words[off ? offWord : onWord];
    this.applyToggles();
  }

  applyToggles() {
    const muted = this.el("mute").getAttribute("aria-pressed") === "true";
    const dark = this.el("camera-off").getAttribute("aria-pressed") === "true";
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = !muted;
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = !dark;
  }

  // ---- Presence, chat, time ------------------------------------------------------------------

  presence({ side, present }) {
    if (side === this.side) return;
    this.otherHere = present;
    if (!this.joined) return this.showPresence(present);
    if (present) return this.status(this.pc?.connectionState === "connected" ? "connected" : "connecting");
    this.status("presenceGone");
  }

  showPresence(present, before) {
    const text = present ? this.words.presenceHere : this.words.presenceAway;
    this.el("presence").textContent = before ? `${before} ${text}` : text;
    this.el("presence").dataset.present = String(present);
  }

  status(key, text) {
    const line = this.el("status");
    const said = text ?? this.words[key] ?? "";
    if (line.textContent === said) return;
    line.textContent = said;
    if (key === "hubLost" && !this.joined) this.el("presence").textContent = said;
  }

  addLine(line) {
    const list = this.root.querySelector("[data-chat]");
    if (list.querySelector(`[data-line-id="${line.id}"]`)) return;
    const item = document.createElement("li");
    item.className = "chat__line" + (line.side === this.side ? " chat__line--mine" : "");
    item.dataset.lineId = line.id;
    const author = Object.assign(document.createElement("span"), { className: "chat__author", textContent: line.author });
    const at = new Date(line.sentAt);
    const time = Object.assign(document.createElement("time"), {
      className: "chat__time",
      dateTime: line.sentAt,
      textContent: at.toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" }),
    });
    const text = Object.assign(document.createElement("p"), { className: "chat__text", textContent: line.text });
    item.append(author, " ", time, text);
    list.append(item);
    list.scrollTop = list.scrollHeight;
  }

  async say(event) {
    event.preventDefault();
    const input = event.target.querySelector("#text");
    const text = input.value.trim();
    if (!text) return;
    try {
      this.addLine(await this.hub.invoke("Chat", this.id, text));
      input.value = "";
    } catch (error) {
      if (!this.refused(error)) announce(this.words.chatFailed.replace("{0}", this.describe(error)));
    }
  }

  async extend() {
    try {
      this.extended((await this.hub.invoke("ExtendRoom", this.id)).closesAt);
    } catch (error) {
      if (!this.refused(error)) {
        const warning = this.el("time-warning");
        warning.textContent = this.describe(error);
        warning.hidden = false;
      }
    }
  }

  extended(closesAt) {
    const at = Date.parse(closesAt);
    if (at === this.closesAt) return;
    this.closesAt = at;
    this.warned.clear();
    const clock = new Date(at).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
    const warning = this.el("time-warning");
    warning.textContent = this.words.extended.replace("{0}", clock);
    warning.hidden = false;
    announce(warning.textContent);
    this.tick();
  }

  tick() {
    if (this.closed) return;
    const left = Math.max(0, this.closesAt - (Date.now() + this.skew));
    const seconds = Math.ceil(left / 1000);
    this.el("time-left").textContent = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    for (const [minutes, key] of [[5, "warn5"], [1, "warn1"]]) {
      if (seconds <= minutes * 60 && seconds > (minutes - 1) * 60 && !this.warned.has(key)) {
        this.warned.add(key);
        const warning = this.el("time-warning");
        warning.textContent = this.words[key];
        warning.hidden = false;
        announce(this.words[key]);
      }
    }
    if (left === 0) this.timeUp();
  }

  /**
   * Our clock says the time is up: the server decides (a room may have been given more time, or a
   * booth talk that has begun closes later than its call). Closed there: the room ends here too.
   */
  async timeUp() {
    if (this.asking) return;
    this.asking = true;
    try {
      if (this.joined) {
        const joined = await this.hub.invoke("JoinRoom", this.id);
        this.took(joined);
      } else {
        this.closesAt = Date.parse((await this.hub.invoke("WatchRoom", this.id)).closesAt);
      }
      this.warned.clear(); // still open (a moment's difference between the clocks asks again)
    } catch (error) {
      if (this.refused(error)) return;
      // No answer from the server: the room ends by our clock.
      if (this.joined) this.hub?.invoke("LeaveRoom", this.id).catch(() => {});
      this.close(this.words.closed);
    } finally {
      this.asking = false;
    }
  }
}

/** The code of a hub refusal: the server sends "... HubException: room_closed: The interview has ended...". */
function codeOf(error) {
  return String(error?.message ?? "").match(/HubException: ([a-z_]+): /)?.[1];
}

/** Which explanation a failed getUserMedia needs. */
function mediaProblem(error) {
  switch (error?.name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
      return "mediaNotAllowed";
    case "NotFoundError":
    case "DevicesNotFoundError":
      return "mediaNotFound";
    case "NotReadableError":
    case "TrackStartError":
      return "mediaNotReadable";
    case "OverconstrainedError":
      return "mediaOverconstrained";
    case "SecurityError":
      return "mediaInsecure";
    default:
      return "mediaOther";
  }
}

const retry = (attempt) => hubRetry[Math.min(attempt, hubRetry.length - 1)] * (0.75 + Math.random() / 2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
