// The evidence upload page: Uppy's Dashboard (keyboard accessible) sending each file with
// tus to Lantern's /uploads/ endpoint. A broken connection resumes where it stopped.
// Capture details from the form go with each file as tus metadata. Someone without an
// account brings an upload capability in the URL's fragment (#token=...), which the browser
// never sends to the server; the script sends it in the Lantern-Upload-Token header.
import { Uppy, Dashboard, Tus } from "../vendor/uppy/uppy.min.mjs";

const target = document.getElementById("lantern-uppy");
if (target) {
  // Progressive enhancement: without this script the page's form sends one file through a
  // plain file input (multipart POST). With it, Uppy takes over: the plain input and its
  // button go, and the form only holds the details sent with each file.
  const plain = document.getElementById("lantern-plain-upload");
  if (plain) {
    for (const control of plain.querySelectorAll("input, button")) control.disabled = true;
    plain.hidden = true;
  }
  const captureForm = document.getElementById("lantern-capture");
  if (captureForm) captureForm.addEventListener("submit", (event) => event.preventDefault());
  const withLink = target.dataset.withLink === "true";
  const headers = {};
  // The page for a report just made gives its capability in data-token (the page is not
  // cached); the link from a report brings it in the fragment.
  let token = target.dataset.token || "";
  if (withLink) {
    token = token || new URLSearchParams(window.location.hash.slice(1)).get("token") || "";
    if (!token) {
      document.getElementById("lantern-upload-link-problem").classList.remove("govuk-!-display-none");
    }
    headers["Lantern-Upload-Token"] = token;
  } else {
    headers["X-CSRFToken"] = target.dataset.csrf;
    if (token) headers["Lantern-Upload-Token"] = token;
  }

  // What the files are about: a resident's choice of their report or footage request
  // ("report:<id>", "footage_request:<id>"), or a member of staff's choice of partnership.
  const captureMeta = () => {
    const form = document.getElementById("lantern-capture");
    const data = new FormData(form);
    const about = String(data.get("about") || "");
    const split = about.indexOf(":");
    return {
      link_kind: split > 0 ? about.slice(0, split) : "",
      link_id: split > 0 ? about.slice(split + 1) : "",
      partnership_id: data.get("partnership") || "",
      device_kind: data.get("device_kind") || "",
      captured_at: data.get("captured_at") || "",
      clock_offset_seconds: data.get("clock_offset_seconds") || "",
      audio: data.get("audio") || "",
    };
  };

  const uppy = new Uppy({
    autoProceed: false,
    restrictions: { maxFileSize: Number(target.dataset.maxBytes) },
  });
  uppy.use(Dashboard, {
    inline: true,
    target,
    height: 360,
    proudlyDisplayPoweredByUppy: false,
    showProgressDetails: true,
    note: "Videos, photos, sound recordings and PDFs",
    // Thumbnails are blob: images, which the Content Security Policy (img-src) refuses.
    disableThumbnailGenerator: true,
  });
  uppy.use(Tus, {
    endpoint: target.dataset.endpoint,
    headers,
    chunkSize: 8 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    // Uppy keeps a file's name and type as the meta fields "name" and "type"; its tus plugin
    // sends them and copies them to tusd's "filename" and "filetype". Listing "filename"
    // here instead sent the text "undefined" (a meta field the file does not have).
    allowedMetaFields: [
      "name", "type", "link_kind", "link_id", "partnership_id",
      "device_kind", "captured_at", "clock_offset_seconds", "audio",
    ],
  });
  uppy.addPreProcessor((fileIDs) => {
    const meta = captureMeta();
    for (const id of fileIDs) uppy.setFileMeta(id, meta);
    return Promise.resolve();
  });
  // When a file has arrived, Lantern checks its content; what it flagged comes back in words
  // in the Lantern-Evidence-Notice header of the last tus answer (the file is kept all the
  // same). Each notice is listed, as text, under the file's name.
  uppy.on("upload-success", (file, response) => {
    const xhr = response && response.body && response.body.xhr;
    const notice = xhr && typeof xhr.getResponseHeader === "function"
      ? xhr.getResponseHeader("Lantern-Evidence-Notice")
      : "";
    if (!notice) return;
    const box = document.getElementById("lantern-upload-notices");
    const item = document.createElement("li");
    item.textContent = `${file.name}: ${notice}`;
    box.querySelector("ul").appendChild(item);
    box.classList.remove("govuk-!-display-none");
  });
  uppy.on("complete", (result) => {
    if (result.successful && result.successful.length) {
      const done = document.getElementById("lantern-upload-done");
      done.classList.remove("govuk-!-display-none");
      const field = document.querySelector("#lantern-receipt-form input[name=token]");
      if (field) field.value = token;
    }
  });
  // Uppy's file list gives each file role="listitem" inside a plain container (a virtual
  // list); give the container role="list" so assistive technology reads it as a list.
  const fixListRoles = () => {
    for (const item of target.querySelectorAll("[role=listitem]")) {
      const parent = item.parentElement;
      if (parent && parent.getAttribute("role") !== "list") parent.setAttribute("role", "list");
    }
  };
  new MutationObserver(fixListRoles).observe(target, { childList: true, subtree: true });
  window.lanternUppy = uppy; // for browser tests
}
