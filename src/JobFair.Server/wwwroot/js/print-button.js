// The button that prints the activation codes just issued: shown only where this script runs (without
// it, the browser's own print command prints the same sheet: the print stylesheet hides the rest).
export function start(button) {
  const print = () => window.print();
  button.hidden = false;
  button.addEventListener("click", print);
  return () => button.removeEventListener("click", print);
}
