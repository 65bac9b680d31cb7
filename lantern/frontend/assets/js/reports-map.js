// The report journey's map (reports/journey/where.html): put a pin where it happened.
// Without JavaScript the page still works: the resident searches for the street (the server
// lists what it finds), types an address, or a latitude and longitude. With it, the map
// fills in the latitude and longitude fields, and a place found by the search
// (place-search.js) moves the pin.
//
// Keyboard: the map is one tab stop. The arrow keys move the pin (Shift for bigger steps),
// Enter sets it, + and - zoom. Clicking or tapping the map puts the pin there.
// Leaflet is loaded before this module (vendor/leaflet/leaflet.js, global L), and reached
// through leaflet-icons.js, which points the pin's images at the build.
import { leaflet } from "./leaflet-icons.js";
import { PLACE_CHOSEN } from "./place-search.js";

const container = document.querySelector("[data-report-map]");

function setup(box) {
  const L = leaflet();
  if (!L) return;
  const mapElement = box.querySelector("#report-map");
  const status = box.querySelector("[data-report-map-status]");
  const latInput = document.getElementById("id_latitude");
  const lonInput = document.getElementById("id_longitude");
  box.hidden = false;

  const typed = [parseFloat(latInput.value), parseFloat(lonInput.value)];
  const hasTyped = typed.every((n) => Number.isFinite(n));
  const centre = hasTyped
    ? typed
    : [parseFloat(box.dataset.centreLat), parseFloat(box.dataset.centreLon)];

  const map = L.map(mapElement, { keyboard: false, zoomControl: true }).setView(centre, 17);
  // Leaflet makes the container focusable only with its own keyboard handler; ours needs it.
  mapElement.setAttribute("tabindex", "0");
  L.tileLayer(box.dataset.tileUrl, {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  }).addTo(map);
  const marker = L.marker(centre, {
    draggable: true,
    keyboard: false,
    alt: "Pin: where it happened",
    autoPan: true,
  }).addTo(map);

  function describe(latlng) {
    return `${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}`;
  }

  function setPin(latlng, announce) {
    marker.setLatLng(latlng);
    latInput.value = latlng.lat.toFixed(6);
    lonInput.value = latlng.lng.toFixed(6);
    mapElement.dataset.pinSet = "true";
    if (announce) status.textContent = `Pin set at ${describe(latlng)}.`;
  }

  if (hasTyped) {
    mapElement.dataset.pinSet = "true";
    status.textContent = `Pin set at ${describe(marker.getLatLng())}.`;
  }

  map.on("click", (event) => setPin(event.latlng, true));
  // A place chosen from the search (place-search.js): the pin and the map go there.
  document.addEventListener(PLACE_CHOSEN, (event) => {
    const here = L.latLng(event.detail.latitude, event.detail.longitude);
    setPin(here, false);
    map.setView(here, 17);
  });
  marker.on("dragend", () => setPin(marker.getLatLng(), true));

  const moves = {
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
  };
  mapElement.addEventListener("keydown", (event) => {
    if (event.target !== mapElement) return;
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const step = event.shiftKey ? 40 : 10;
      const point = map.latLngToContainerPoint(marker.getLatLng());
      const next = map.containerPointToLatLng(
        L.point(point.x + move[0] * step, point.y + move[1] * step),
      );
      marker.setLatLng(next);
      if (!map.getBounds().pad(-0.1).contains(next)) map.panTo(next);
      status.textContent = `Pin moved to ${describe(next)}. Press Enter to set it here.`;
    } else if (event.key === "Enter") {
      event.preventDefault();
      setPin(marker.getLatLng(), true);
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      map.zoomIn();
    } else if (event.key === "-") {
      event.preventDefault();
      map.zoomOut();
    }
  });
}

if (container) setup(container);
