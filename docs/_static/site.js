// The download menu's .ipynb and source links save the file instead of opening a new tab.
document.addEventListener("DOMContentLoaded", () => {
  const links = document.querySelectorAll(
    "a.btn-download-notebook-button, a.btn-download-source-button",
  );
  for (const link of links) {
    const name = link.getAttribute("href").split("/").pop();
    link.setAttribute("download", name);
    link.removeAttribute("target");
  }
});

// A box that scrolls sideways (a wide equation, a diagram widened for a phone) takes keyboard
// focus, so it can be scrolled without a pointer.
function focusScrollableBoxes() {
  for (const box of document.querySelectorAll(".bd-article div.math, .bd-article figure")) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
    }
  }
}
// Measured once the browser has laid the page out and painted it (reading sizes then costs
// nothing; at "load" it forced a layout of the whole page, a long task on a phone), and again when
// the window is resized.
function afterNextPaint(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}
window.addEventListener("load", () => afterNextPaint(focusScrollableBoxes));
window.addEventListener("resize", () => afterNextPaint(focusScrollableBoxes));
