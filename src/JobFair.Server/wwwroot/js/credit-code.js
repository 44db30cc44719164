// The employer registration form's credit-code field (Features/Employers/Pages/EmployerHome.razor):
// while the code is typed, the server says whether it is well formed (GET /api/employers/credit-codes/{code},
// the same rule RegisterEmployer applies). The form works without it: the server checks again on submit.
import { drop } from "/js/live.js";

export function start(element) {
  const input = element.querySelector("input");
  const said = element.querySelector("[role=status]");
  let timer = 0;
  let asked = 0;

  async function check() {
    const code = input.value.trim().toUpperCase();
    const ticket = ++asked;
    if (code.length === 0) return show("", "");
    if (code.length < 18) return show(element.dataset.checkShort.replace("{0}", 18 - code.length), "short");
    const response = await fetch(`/api/employers/credit-codes/${encodeURIComponent(code)}`, { headers: { Accept: "application/json" } });
    if (ticket !== asked) return drop(response); // the code changed meanwhile
    if (!response.ok) drop(response);
    const valid = response.ok && (await response.json()).valid;
    show(valid ? element.dataset.checkValid : element.dataset.checkInvalid, valid ? "valid" : "invalid");
  }

  function show(text, state) {
    said.textContent = text;
    said.dataset.state = state;
  }

  const onInput = () => {
    clearTimeout(timer);
    timer = setTimeout(() => check().catch(() => show("", "")), 250);
  };
  input.addEventListener("input", onInput);
  if (input.value) onInput();
  return () => {
    clearTimeout(timer);
    input.removeEventListener("input", onInput);
  };
}
