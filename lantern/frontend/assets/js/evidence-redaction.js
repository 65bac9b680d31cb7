// The redaction editor (lantern/evidence/redaction): two enhancements of a page that works
// without them.
//
// 1. Drawing a box. Over the frame (or photo) an SVG layer takes a press-and-drag from a
//    mouse, pen or finger and fills in the "Add a box" form with the box's position and size
//    in the picture's pixels, and, for a video, the frame's time: as where the box is from
//    this frame (x, y, width, height, start) or where it has moved to by this frame (the end
//    position and end time, a second keyframe). The form stays the source of truth: the
//    officer checks or changes the numbers, chooses what the box covers and sends it, and a
//    keyboard or screen-reader user types them. Whatever the form's numbers say is outlined
//    on the picture as they are typed. What is typed is kept for this tab while the officer
//    moves between frames (sessionStorage), and forgotten once the form is sent.
// 2. Progress. While the redacted copy is made in the background, the status region says how
//    far it has got: the progress address is asked every few seconds; the region is updated
//    every ten per cent and when the copy is made (so a screen reader is not flooded), and
//    the bar on every answer. The page never reloads itself: its link does that.

const SVG = "http://www.w3.org/2000/svg";
const FIELDS = ["x", "y", "width", "height", "start", "end", "end_x", "end_y", "end_width", "end_height"];

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function field(form, name) {
  return form.elements.namedItem(name);
}

function number(form, name) {
  const input = field(form, name);
  if (!input || input.value.trim() === "") return null;
  const value = Number(input.value);
  return Number.isFinite(value) ? value : null;
}

function boxDrawing() {
  const canvas = document.querySelector("[data-redaction-canvas]");
  const form = document.querySelector("[data-redaction-box-form]");
  const hint = document.querySelector("[data-redaction-draw]");
  const status = document.querySelector("[data-redaction-draw-status]");
  if (!canvas || !form) return;
  const width = Number(canvas.dataset.width);
  const height = Number(canvas.dataset.height);
  const at = canvas.dataset.at;
  const storageKey = `lantern-redaction-box-${canvas.dataset.redaction}`;

  // Decorative: the numbers in the form and the status region say the same in words.
  const layer = svgElement("svg", {
    class: "lantern-redaction-canvas__layer",
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: "none",
    "aria-hidden": "true",
    focusable: "false",
  });
  const startBox = svgElement("rect", { class: "lantern-redaction-canvas__box", visibility: "hidden" });
  const endBox = svgElement("rect", {
    class: "lantern-redaction-canvas__box lantern-redaction-canvas__box--end",
    visibility: "hidden",
  });
  layer.append(startBox, endBox);
  canvas.append(layer);
  if (hint) hint.hidden = false;

  const place = (rect, box) => {
    if (!box || box.w <= 0 || box.h <= 0) {
      rect.setAttribute("visibility", "hidden");
      return;
    }
    rect.setAttribute("x", box.x);
    rect.setAttribute("y", box.y);
    rect.setAttribute("width", box.w);
    rect.setAttribute("height", box.h);
    rect.setAttribute("visibility", "visible");
  };
  const fromForm = (prefix) => {
    const [x, y, w, h] = ["x", "y", "width", "height"].map((n) => number(form, prefix + n));
    return [x, y, w, h].some((v) => v === null) ? null : { x, y, w, h };
  };
  const showForm = () => {
    place(startBox, fromForm(""));
    place(endBox, fromForm("end_"));
  };

  // Typed numbers survive a move to another frame (a new page), in this tab only.
  const remember = () => {
    const values = {};
    for (const name of [...FIELDS, "label"]) {
      const input = field(form, name);
      if (!input) continue;
      values[name] = input.value;
    }
    sessionStorage.setItem(storageKey, JSON.stringify(values));
  };
  const restore = () => {
    const saved = sessionStorage.getItem(storageKey);
    // A form the server sent back with the officer's numbers (an error) keeps them.
    if (!saved || FIELDS.some((name) => field(form, name) && field(form, name).value !== "")) return;
    const values = JSON.parse(saved);
    for (const name of FIELDS) {
      const input = field(form, name);
      if (input && typeof values[name] === "string") input.value = values[name];
    }
    const label = form.querySelector(`input[name="label"][value="${CSS.escape(values.label || "")}"]`);
    if (label) label.checked = true;
    const moves = form.querySelector("[data-redaction-moves]");
    if (moves && values.end_x) moves.open = true;
  };
  restore();
  showForm();
  form.addEventListener("input", () => {
    showForm();
    remember();
  });
  form.addEventListener("change", remember);
  form.addEventListener("submit", () => sessionStorage.removeItem(storageKey));

  const toPicture = (event) => {
    const bounds = layer.getBoundingClientRect();
    const x = ((event.clientX - bounds.left) / bounds.width) * width;
    const y = ((event.clientY - bounds.top) / bounds.height) * height;
    return { x: Math.min(width, Math.max(0, x)), y: Math.min(height, Math.max(0, y)) };
  };
  const between = (a, b) => {
    const x = Math.round(Math.min(a.x, b.x));
    const y = Math.round(Math.min(a.y, b.y));
    return {
      x,
      y,
      w: Math.min(width - x, Math.round(Math.abs(a.x - b.x))),
      h: Math.min(height - y, Math.round(Math.abs(a.y - b.y))),
    };
  };
  const givesEnd = () => {
    const choice = document.querySelector('input[name="draw-sets"]:checked');
    return Boolean(choice && choice.value === "end");
  };

  let anchor = null;
  let target = startBox;
  layer.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    anchor = toPicture(event);
    target = givesEnd() ? endBox : startBox;
    layer.setPointerCapture(event.pointerId);
    place(target, { x: anchor.x, y: anchor.y, w: 0, h: 0 });
  });
  layer.addEventListener("pointermove", (event) => {
    if (!anchor) return;
    place(target, between(anchor, toPicture(event)));
  });
  const finish = (event) => {
    if (!anchor) return;
    const box = between(anchor, toPicture(event));
    anchor = null;
    if (box.w < 2 || box.h < 2) {
      showForm();
      return;
    }
    const end = target === endBox;
    const prefix = end ? "end_" : "";
    const values = { [`${prefix}x`]: box.x, [`${prefix}y`]: box.y, [`${prefix}width`]: box.w, [`${prefix}height`]: box.h };
    if (at !== undefined && field(form, "start")) values[end ? "end" : "start"] = at;
    for (const [name, value] of Object.entries(values)) {
      const input = field(form, name);
      if (input) input.value = String(value);
    }
    if (end) {
      const moves = form.querySelector("[data-redaction-moves]");
      if (moves) moves.open = true;
    }
    showForm();
    remember();
    const where = `${box.w} by ${box.h} pixels at x ${box.x}, y ${box.y}`;
    const when = field(form, "start") ? ` ${end ? "by" : "from"} ${at} seconds` : "";
    status.textContent = `Box drawn${end ? " as where the box moves to" : ""}: ${where}${when}. `
      + "Its numbers are filled in under Add a box: check them, choose what it covers and add the box.";
  };
  layer.addEventListener("pointerup", finish);
  layer.addEventListener("pointercancel", () => {
    anchor = null;
    showForm();
  });
}

const POLL_MS = 2000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function progress() {
  const block = document.querySelector("[data-redaction-progress]");
  if (!block) return;
  const region = block.querySelector("[data-redaction-status]");
  const status = region.querySelector("p") || region;
  const bar = block.querySelector("[data-redaction-bar]");
  const link = block.querySelector("[data-redaction-refresh]");
  let said = Number(bar ? bar.value : 0);
  for (;;) {
    await sleep(POLL_MS);
    let answer;
    try {
      const response = await fetch(block.dataset.progressUrl, { headers: { Accept: "application/json" } });
      // Signed out, or the redaction is not there for this officer: stop; the link still works.
      if (response.redirected || (response.status >= 400 && response.status < 500)) return;
      if (!response.ok) continue;
      answer = await response.json();
    } catch {
      continue; // a dropped connection: ask again
    }
    if (bar) {
      bar.value = answer.progress;
      bar.textContent = `${answer.progress}%`;
    }
    if (answer.status !== "rendering") {
      status.textContent = answer.words;
      if (link) {
        link.textContent = answer.status === "done" ? "Show the redacted copy" : "Show what went wrong";
      }
      return;
    }
    if (answer.progress >= said + 10) {
      said = answer.progress;
      status.textContent = answer.words;
    }
  }
}

boxDrawing();
progress();
