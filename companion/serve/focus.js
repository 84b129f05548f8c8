// Keys reach the companion as soon as it is drawn, without a click first (not on a
// touch screen, where focusing would open the on-screen keyboard over the page).
window.addEventListener("load", () => {
  if (window.matchMedia("(pointer: coarse)").matches) return;
  const started = Date.now();
  const tries = setInterval(() => {
    const input = document.querySelector(".xterm-helper-textarea");
    if (input) input.focus();
    if (input || Date.now() - started > 10000) clearInterval(tries);
  }, 50);
});
