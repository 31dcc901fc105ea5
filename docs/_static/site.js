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
function markScrollable(box) {
  if (box.scrollWidth > box.clientWidth + 1) {
    box.setAttribute("tabindex", "0");
  } else if (box.getAttribute("tabindex") === "0") {
    box.removeAttribute("tabindex");
  }
}
// Each box is measured when it comes near the viewport, once the browser lays it out anyway:
// measuring every box at load forced the layout of the whole page, sections below the first
// screen included, which the stylesheet lets the browser skip until they are scrolled to (a long
// task of several hundred milliseconds on a phone, measured with Lighthouse). A resize measures
// the boxes again as they come into view.
const scrollableBoxes =
  "IntersectionObserver" in window
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (entry.isIntersecting) markScrollable(entry.target);
          }
        },
        { rootMargin: "100% 0px" },
      )
    : null;
function watchScrollableBoxes() {
  for (const box of document.querySelectorAll(".bd-article div.math, .bd-article figure")) {
    if (scrollableBoxes) {
      scrollableBoxes.unobserve(box);
      scrollableBoxes.observe(box);
    } else {
      markScrollable(box);
    }
  }
}
window.addEventListener("load", watchScrollableBoxes);
window.addEventListener("resize", watchScrollableBoxes);
