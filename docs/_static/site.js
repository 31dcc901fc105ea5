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

// A box that scrolls sideways (a wide equation, a diagram widened for a phone, a long line of
// code or output) takes keyboard focus, so it can be scrolled without a pointer.
function markScrollable(box) {
  if (box.scrollWidth > box.clientWidth + 1) {
    box.setAttribute("tabindex", "0");
  } else if (box.getAttribute("tabindex") === "0") {
    box.removeAttribute("tabindex");
  }
}
// Each box is measured when it comes near the viewport, once the browser lays it out anyway (the
// theme's script does the same for code and outputs, see site_extras/head.py): measuring every
// box at load forced the layout of the whole page, sections below the first screen included,
// which the stylesheet lets the browser skip until they are scrolled to (a long task of several
// hundred milliseconds on a phone, measured with Lighthouse). A resize measures them again.
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
// Until a box is measured, a box that will surely scroll is focusable already, judged without
// laying anything out: its longest line of code or output against the article's width, or its
// formula's width (MathJax gives it in ex) or its image's. A box judged wrongly is put right when
// it comes near the viewport; one judged to scroll that does not is only an extra tab stop.
const CODE_BOXES = ["pre", ".cell_output > .output", ".nboutput > .output_area"];
function guessScrollableBoxes() {
  const article = document.querySelector(".bd-article");
  const sample = article && article.querySelector("pre");
  if (!article) return;
  // The article's width less room for indents (an API entry's example is 13 % narrower).
  const room = article.clientWidth * 0.85;
  let charWidth = 0;
  if (sample) {
    const context = document.createElement("canvas").getContext("2d");
    context.font = getComputedStyle(sample).font;
    charWidth = context.measureText("0123456789").width / 10;
  }
  const em = parseFloat(getComputedStyle(article).fontSize);
  const wide = (box) => {
    if (box.matches("div.math")) {
      const svg = box.querySelector("mjx-container > svg");
      const width = svg && parseFloat(svg.getAttribute("width"));
      return width > 0 && width * 0.5 * em > room * 0.9;
    }
    if (box.matches("figure")) {
      // The attribute, not img.width: reading the property lays the page out, the sections the
      // browser skips included (on training, 190 ms of layout and style at Lighthouse's 4x
      // slower CPU, the largest task of the load).
      const images = [...box.querySelectorAll("img[width]")];
      return images.some((img) => +img.getAttribute("width") > room);
    }
    const text = box.textContent.split("\n");
    return charWidth > 0 && Math.max(...text.map((line) => line.length)) * charWidth > room;
  };
  const boxes = [...CODE_BOXES, "div.math", "figure"].map((s) => `.bd-article ${s}`).join(", ");
  for (const box of article.ownerDocument.querySelectorAll(boxes)) {
    if (!box.hasAttribute("tabindex") && wide(box)) box.setAttribute("tabindex", "0");
  }
}
window.addEventListener("load", () => {
  guessScrollableBoxes();
  watchScrollableBoxes();
});
window.addEventListener("resize", watchScrollableBoxes);
