// Camera maps (lantern/places): the registration map, a camera's own map, and the officers'
// search map. Without JavaScript each page still works through its plain form fields.
//
// Registration: click or tap to put the pin; the shaded sector is the field of view, drawn
// from the direction, width and range fields and redrawn as they change. Keyboard: the map
// is one tab stop; the arrow keys move the pin (Shift for bigger steps), Enter sets it, + and
// - zoom; the buttons under the map turn the camera and widen or narrow its view.
// Leaflet is loaded before this module (vendor/leaflet/leaflet.js, global L), and reached
// through leaflet-icons.js, which points the pins' images at the build.
import { leaflet } from "./leaflet-icons.js";
import { PLACE_CHOSEN } from "./place-search.js";

const EARTH_RADIUS_M = 6371008.8;

function destination(lat, lng, bearing, metres) {
  const d = metres / EARTH_RADIUS_M;
  const b = (bearing * Math.PI) / 180;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lng * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [(p2 * 180) / Math.PI, (((l2 * 180) / Math.PI + 540) % 360) - 180];
}

function sector(lat, lng, direction, angle, range) {
  const steps = 24;
  if (angle >= 360) {
    return Array.from({ length: steps + 1 }, (_, i) => destination(lat, lng, (i * 360) / steps, range));
  }
  const start = direction - angle / 2;
  const arc = Array.from({ length: steps + 1 }, (_, i) =>
    destination(lat, lng, start + (angle * i) / steps, range),
  );
  return [[lat, lng], ...arc, [lat, lng]];
}

function baseMap(L, element, tileUrl, centre, zoom) {
  const map = L.map(element, { keyboard: false, zoomControl: true }).setView(centre, zoom);
  L.tileLayer(tileUrl, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
  return map;
}

function describe(latlng) {
  return `${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}`;
}

// A pin that the keyboard and the pointer can both move; calls onSet(latlng) when set.
function pinControl(L, map, element, status, start, onSet, label) {
  const marker = L.marker(start, { draggable: true, keyboard: false, alt: label, autoPan: true }).addTo(map);
  element.setAttribute("tabindex", "0");
  const set = (latlng) => {
    marker.setLatLng(latlng);
    element.dataset.pinSet = "true";
    onSet(latlng);
    status.textContent = `Pin set at ${describe(latlng)}.`;
  };
  map.on("click", (event) => set(event.latlng));
  marker.on("dragend", () => set(marker.getLatLng()));
  const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
  element.addEventListener("keydown", (event) => {
    if (event.target !== element) return;
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const step = event.shiftKey ? 40 : 10;
      const point = map.latLngToContainerPoint(marker.getLatLng());
      const next = map.containerPointToLatLng(L.point(point.x + move[0] * step, point.y + move[1] * step));
      marker.setLatLng(next);
      if (!map.getBounds().pad(-0.1).contains(next)) map.panTo(next);
      status.textContent = `Pin moved to ${describe(next)}. Press Enter to set it here.`;
    } else if (event.key === "Enter") {
      event.preventDefault();
      set(marker.getLatLng());
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      map.zoomIn();
    } else if (event.key === "-") {
      event.preventDefault();
      map.zoomOut();
    }
  });
  return marker;
}

function numberOf(input, fallback) {
  const value = parseFloat(input.value);
  return Number.isFinite(value) ? value : fallback;
}

function setupEditor(L, box) {
  const element = box.querySelector("#camera-map");
  const status = box.querySelector("[data-camera-map-status]");
  const controls = box.querySelector("[data-camera-map-controls]");
  const field = (name) => document.getElementById(`id_${name}`);
  const lat = field("latitude");
  const lng = field("longitude");
  const direction = field("direction");
  const angle = field("angle");
  const range = field("range_m");
  box.hidden = false;

  const typed = [parseFloat(lat.value), parseFloat(lng.value)];
  const hasTyped = typed.every((n) => Number.isFinite(n));
  const centre = hasTyped ? typed : [parseFloat(box.dataset.centreLat), parseFloat(box.dataset.centreLon)];
  const map = baseMap(L, element, box.dataset.tileUrl, centre, 18);
  const view = L.polygon([], { color: "#1d70b8", weight: 2, fillOpacity: 0.25 }).addTo(map);

  const redraw = () => {
    const la = parseFloat(lat.value);
    const ln = parseFloat(lng.value);
    if (!Number.isFinite(la) || !Number.isFinite(ln)) {
      view.setLatLngs([]);
      return;
    }
    view.setLatLngs(
      sector(la, ln, numberOf(direction, 0), Math.min(Math.max(numberOf(angle, 90), 1), 360), Math.min(Math.max(numberOf(range, 10), 1), 200)),
    );
  };
  const marker = pinControl(L, map, element, status, centre, (latlng) => {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    redraw();
  }, "Pin: where the camera is");
  if (hasTyped) status.textContent = `Pin set at ${describe(marker.getLatLng())}.`;
  for (const input of [lat, lng, direction, angle, range]) {
    input.addEventListener("input", () => {
      const la = parseFloat(lat.value);
      const ln = parseFloat(lng.value);
      if (Number.isFinite(la) && Number.isFinite(ln)) marker.setLatLng([la, ln]);
      redraw();
    });
  }

  const button = (text, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "govuk-button govuk-button--secondary lantern-camera-map__button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    controls.appendChild(b);
  };
  const turn = (by) => {
    const next = (((Math.round(numberOf(direction, 0)) + by) % 360) + 360) % 360;
    direction.value = String(next);
    redraw();
    status.textContent = `The camera points ${next} degrees from north.`;
  };
  const widen = (by) => {
    const next = Math.min(Math.max(Math.round(numberOf(angle, 90)) + by, 5), 360);
    angle.value = String(next);
    redraw();
    status.textContent = `The camera sees ${next} degrees wide.`;
  };
  button("Turn left 15°", () => turn(-15));
  button("Turn right 15°", () => turn(15));
  button("Narrower", () => widen(-15));
  button("Wider", () => widen(15));
  redraw();
}

function setupView(L, box) {
  const data = document.getElementById("camera-sector");
  if (!data) return;
  const ring = JSON.parse(data.textContent);
  if (!ring.length) return;
  box.hidden = false;
  const map = baseMap(L, box.querySelector("#camera-map"), box.dataset.tileUrl, ring[0], 18);
  const name = box.dataset.cameraLabel;
  L.marker(ring[0], { keyboard: false, alt: name ? `The camera: ${name}` : "The camera" }).addTo(map);
  const view = L.polygon(ring, { color: "#1d70b8", weight: 2, fillOpacity: 0.25 }).addTo(map);
  map.fitBounds(view.getBounds().pad(0.3));
}

function setupSearch(L, box) {
  const element = box.querySelector("#search-map");
  const status = box.querySelector("[data-camera-map-status]");
  const lat = document.getElementById("id_latitude");
  const lng = document.getElementById("id_longitude");
  box.hidden = false;
  const typed = [parseFloat(lat.value), parseFloat(lng.value)];
  const hasTyped = typed.every((n) => Number.isFinite(n));
  const centre = hasTyped ? typed : [parseFloat(box.dataset.centreLat), parseFloat(box.dataset.centreLon)];
  const map = baseMap(L, element, box.dataset.tileUrl, centre, 17);
  const marker = pinControl(L, map, element, status, centre, (latlng) => {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  }, "Pin: where the incident happened");
  // A place found by the search box above the map (place-search.js): the pin goes there.
  document.addEventListener(PLACE_CHOSEN, (event) => {
    const here = L.latLng(event.detail.latitude, event.detail.longitude);
    marker.setLatLng(here);
    element.dataset.pinSet = "true";
    map.setView(here, 17);
  });
  const data = document.getElementById("search-cameras");
  const cameras = data ? JSON.parse(data.textContent) : [];
  for (const camera of cameras) {
    L.polygon(camera.sector, { color: "#00703c", weight: 2, fillOpacity: 0.2 })
      .bindTooltip(camera.label)
      .addTo(map);
  }
}

const L = leaflet();
if (L) {
  const editor = document.querySelector("[data-camera-map]");
  if (editor) setupEditor(L, editor);
  const view = document.querySelector("[data-camera-view]");
  if (view) setupView(L, view);
  const search = document.querySelector("[data-search-map]");
  if (search) setupSearch(L, search);
}
