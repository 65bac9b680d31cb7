// The hotspot map (lantern/analytics): one Leaflet overlay per method (KDE, Gi*, H3 counts),
// each loaded from the page's own GeoJSON export; the layer control switches between them.
// The table under the map lists the same hotspots, so the map is never the only way in.
// Leaflet is loaded before this module (vendor/leaflet/leaflet.js, global L), and reached
// through leaflet-icons.js (the default marker's images, should a layer ever use it).
// Surfaces are computed in the background: the GeoJSON answers 202 while one is prepared,
// and a page whose surface is being prepared asks again every few seconds, then says in its
// status region that the hotspots are ready (it never reloads itself; the link does that).
import { leaflet } from "./leaflet-icons.js";

const RAMP = ["#fde725", "#f89540", "#e16462", "#b12a90", "#6a00a8"];

function colour(value, max) {
  if (!max) return RAMP[0];
  const i = Math.min(RAMP.length - 1, Math.floor((value / max) * RAMP.length));
  return RAMP[i];
}

function overlay(L, data) {
  const max = Math.max(0, ...data.features.map((f) => f.properties.value));
  return L.geoJSON(data, {
    style: (feature) => ({
      color: colour(feature.properties.value, max),
      weight: 1,
      fillOpacity: 0.55,
    }),
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(`Rank ${feature.properties.rank}: ${feature.properties.value} ${data.properties.unit}`);
    },
  });
}

const RETRY_MS = 3000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchSurface(url, waiting) {
  for (;;) {
    const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
    if (response.status !== 202) return response;
    if (waiting) waiting();
    await sleep(RETRY_MS);
  }
}

async function waitForSurface() {
  const box = document.querySelector("[data-surface-preparing]");
  if (!box) return;
  const response = await fetchSurface(box.dataset.statusUrl);
  if (!response.ok) return;
  const text = box.querySelector(".govuk-inset-text") || box;
  text.textContent = "The hotspots for these filters are ready.";
  const link = document.querySelector("[data-surface-refresh]");
  if (link) link.textContent = "Show the hotspots";
}

async function start() {
  const root = document.querySelector("[data-hotspot-map]");
  const config = document.getElementById("hotspot-layers");
  const L = leaflet();
  if (!root || !config || !L) return;
  const { active, layers } = JSON.parse(config.textContent);
  const status = root.querySelector("[data-hotspot-status]");
  const map = L.map(root.querySelector("#hotspot-map"), { zoomControl: true }).setView([51.54, 0.71], 12);
  L.tileLayer(root.dataset.tileUrl, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
  const overlays = {};
  const loaded = {};
  for (const [method, info] of Object.entries(layers)) {
    const group = L.layerGroup();
    overlays[info.label] = group;
    group.on("add", async () => {
      if (!loaded[method]) {
        const response = await fetchSurface(info.url, () => {
          status.textContent = `${info.label}: being prepared.`;
        });
        const data = await response.json();
        loaded[method] = overlay(L, data);
        status.textContent = `${info.label}: ${data.features.length} areas shown.`;
        if (method === active && data.features.length) map.fitBounds(loaded[method].getBounds(), { maxZoom: 15 });
      }
      group.addLayer(loaded[method]);
      root.dataset.layer = method;
    });
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  overlays[layers[active].label].addTo(map);
}

waitForSurface();
start();
