// Answering a footage request (places/request_detail.html): Uppy's Dashboard sends each file
// with tus to Lantern's /uploads/ endpoint, linked to this request through tus metadata
// (link_kind "footage_request", link_id the request's id). The evidence app records the
// items and their custody, and tells places the request is answered.
const target = document.getElementById("lantern-footage-uppy");

async function start() {
  const { Uppy, Dashboard, Tus } = await import(target.dataset.uppySrc);
  const meta = {
    link_kind: target.dataset.linkKind,
    link_id: target.dataset.linkId,
    device_kind: "cctv",
    audio: target.dataset.audio,
  };
  const uppy = new Uppy({ autoProceed: false, meta });
  uppy.use(Dashboard, {
    inline: true,
    target,
    height: 320,
    proudlyDisplayPoweredByUppy: false,
    showProgressDetails: true,
    note: "The original video files from your camera or its app",
    // Thumbnails are blob: images, which the Content Security Policy (img-src) refuses.
    disableThumbnailGenerator: true,
  });
  uppy.use(Tus, {
    endpoint: target.dataset.endpoint,
    headers: { "X-CSRFToken": target.dataset.csrf },
    chunkSize: 8 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    // Uppy's own "name" and "type" meta fields, which its tus plugin also sends as tusd's
    // "filename" and "filetype" ("filename" here would send the text "undefined").
    allowedMetaFields: ["name", "type", "link_kind", "link_id", "device_kind", "audio"],
  });
  uppy.on("complete", (result) => {
    if (result.successful && result.successful.length) {
      document.getElementById("lantern-footage-done").classList.remove("govuk-!-display-none");
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
  window.lanternFootageUppy = uppy; // for browser tests
}

if (target) start();
