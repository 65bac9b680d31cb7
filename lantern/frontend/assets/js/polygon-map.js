// Maps for areas (lantern/frontend/widgets.py, PolygonField; docs/frontend.md).
//
// [data-polygon-editor]: the map after a PolygonField's textarea. The textarea, a GeoJSON
// Polygon, is the form's value and works alone without JavaScript. Here the map draws
// into it and shows what is typed in it:
//   - mouse: Leaflet-Geoman's toolbar draws a polygon or rectangle, edits its corners,
//     drags or removes it; one area per field, so a new drawing replaces the old;
//   - keyboard: the map is one tab stop (arrow keys move it, + and - zoom); the buttons
//     add a corner at the centre of the map (marked by a cross hair), remove the last
//     corner, or clear the area;
//   - typing in the textarea redraws the map as soon as the text is a polygon.
// A status line (role="status") says what changed.
//
// [data-polygon-view]: a saved area on a read-only map (data-geojson), for the
// {% polygon_map %} tag.
//
// Leaflet (global L) is loaded before this module, and Leaflet-Geoman for editors.
// L is reached through leaflet-icons.js, which points marker images at the build.

import { leaflet } from "./leaflet-icons.js";

const ATTRIBUTION = "&copy; OpenStreetMap contributors";

function tiles(L, map, url) {
  L.tileLayer(url, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
}

// A GeoJSON Polygon (or a Feature holding one) as Leaflet rings [[lat, lng], ...], each
// without its closing point; null when the value is not (yet) such a polygon.
function parseRings(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (data && data.type === "Feature") data = data.geometry;
  if (!data || data.type !== "Polygon" || !Array.isArray(data.coordinates)) return null;
  const rings = [];
  for (const ring of data.coordinates) {
    if (!Array.isArray(ring) || ring.length < 4) return null;
    const points = [];
    for (const point of ring) {
      if (!Array.isArray(point) || point.length < 2) return null;
      const [lng, lat] = point;
      if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
      if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return null;
      points.push([lat, lng]);
    }
    const first = points[0];
    const last = points[points.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return null;
    rings.push(points.slice(0, -1));
  }
  return rings.length ? rings : null;
}

function round(n) {
  return Math.round(n * 1e6) / 1e6;
}

// Leaflet rings (LatLng objects, open) as a GeoJSON Polygon, each ring closed.
function toGeoJSON(rings) {
  return {
    type: "Polygon",
    coordinates: rings.map((ring) => {
      const points = ring.map((p) => [round(p.lng), round(p.lat)]);
      return [...points, points[0]];
    }),
  };
}

function describe(latlng) {
  return `${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}`;
}

function corners(n) {
  return n === 1 ? "1 corner" : `${n} corners`;
}

function setupEditor(box) {
  const L = leaflet();
  const textarea = document.getElementById(box.dataset.target);
  if (!L || !textarea) return;
  box.hidden = false;
  const mapElement = box.querySelector(".lantern-polygon-map__map");
  const status = box.querySelector("[data-polygon-status]");
  const style = { color: "#1d70b8", weight: 3 };

  const map = L.map(mapElement, { keyboard: true, zoomControl: true });
  tiles(L, map, box.dataset.tileUrl);
  map.setView(
    [parseFloat(box.dataset.centreLat), parseFloat(box.dataset.centreLon)],
    parseInt(box.dataset.zoom, 10) || 16,
  );

  let polygon = null; // the area: an L.Polygon with at least 3 corners
  let pending = []; // corners added with the keyboard before there are 3
  const preview = L.layerGroup().addTo(map);

  function say(text) {
    status.textContent = text;
  }

  function outer() {
    if (!polygon) return pending.slice();
    const rings = polygon.getLatLngs();
    return Array.isArray(rings[0]) ? rings[0].slice() : rings.slice();
  }

  function rings() {
    if (!polygon) return [];
    const latlngs = polygon.getLatLngs();
    return Array.isArray(latlngs[0]) ? latlngs : [latlngs];
  }

  function writeTextarea() {
    textarea.value = polygon ? JSON.stringify(toGeoJSON(rings())) : "";
  }

  function drawPreview() {
    preview.clearLayers();
    for (const point of pending) {
      L.circleMarker(point, { ...style, radius: 5, interactive: false, pmIgnore: true }).addTo(preview);
    }
    if (pending.length > 1) L.polyline(pending, { ...style, interactive: false, pmIgnore: true }).addTo(preview);
  }

  function watch(layer) {
    layer.on("pm:edit pm:dragend pm:markerdragend pm:vertexremoved", () => {
      writeTextarea();
      say(`Area changed: ${corners(outer().length)}.`);
    });
  }

  function setPolygon(latlngs) {
    if (polygon) map.removeLayer(polygon);
    polygon = null;
    if (latlngs) {
      polygon = L.polygon(latlngs, style).addTo(map);
      watch(polygon);
    }
  }

  // Corners from the keyboard buttons: a preview until there are three, then the polygon.
  function setCorners(points) {
    if (points.length >= 3) {
      pending = [];
      const holes = rings().slice(1);
      setPolygon([points, ...holes]);
    } else {
      setPolygon(null);
      pending = points;
    }
    drawPreview();
    writeTextarea();
  }

  function showTyped(announce) {
    const text = textarea.value.trim();
    if (!text) {
      pending = [];
      setPolygon(null);
      drawPreview();
      if (announce) say("The area is empty.");
      return;
    }
    const typed = parseRings(text);
    if (!typed) {
      if (announce) say("The text is not a closed GeoJSON polygon yet, so the map has not changed.");
      return;
    }
    pending = [];
    drawPreview();
    setPolygon(typed);
    map.fitBounds(polygon.getBounds(), { padding: [20, 20], maxZoom: 18 });
    if (announce) say(`Map shows the typed area: ${corners(typed[0].length)}.`);
  }

  showTyped(false);
  textarea.addEventListener("input", () => showTyped(false));
  textarea.addEventListener("change", () => showTyped(true));

  if (map.pm) {
    map.pm.setGlobalOptions({ allowSelfIntersection: false, pathOptions: style });
    map.pm.addControls({
      position: "topleft",
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawCircle: false,
      drawText: false,
      cutPolygon: false,
      rotateMode: false,
      drawPolygon: true,
      drawRectangle: true,
      editMode: true,
      dragMode: true,
      removalMode: true,
    });
    map.on("pm:create", (event) => {
      // One area per field: the new drawing replaces the old one.
      const latlngs = event.layer.getLatLngs();
      map.removeLayer(event.layer);
      pending = [];
      drawPreview();
      setPolygon(latlngs);
      writeTextarea();
      say(`Area drawn: ${corners(outer().length)}.`);
    });
    map.on("pm:remove", (event) => {
      if (event.layer === polygon) {
        polygon = null;
        writeTextarea();
        say("Area removed.");
      }
    });
    // Geoman's toolbar buttons are links without a name for assistive technology; name
    // them from their tooltips. (The keyboard buttons below the map do the same jobs.)
    for (const button of mapElement.querySelectorAll(".leaflet-pm-toolbar .button-container")) {
      const link = button.querySelector("a.leaflet-buttons-control-button");
      const title = button.getAttribute("title");
      if (link && title) {
        link.setAttribute("aria-label", title);
        link.setAttribute("role", "button");
      }
    }
  }

  box.querySelector("[data-polygon-add]").addEventListener("click", () => {
    const centre = map.getCenter();
    setCorners([...outer(), centre]);
    const n = outer().length;
    say(
      n < 3
        ? `Corner ${n} added at ${describe(centre)}. Add at least ${corners(3 - n)} more.`
        : `Corner ${n} added at ${describe(centre)}. The area has ${corners(n)}.`,
    );
  });
  box.querySelector("[data-polygon-undo]").addEventListener("click", () => {
    const points = outer();
    if (!points.length) {
      say("There are no corners to remove.");
      return;
    }
    points.pop();
    setCorners(points);
    say(points.length ? `Last corner removed: ${corners(points.length)} left.` : "All corners removed.");
  });
  box.querySelector("[data-polygon-clear]").addEventListener("click", () => {
    pending = [];
    setPolygon(null);
    drawPreview();
    writeTextarea();
    say("The area is cleared.");
  });
}

function setupView(element) {
  const L = leaflet();
  if (!L) return;
  const typed = parseRings(element.dataset.geojson || "");
  if (!typed) return;
  element.hidden = false;
  const map = L.map(element, { keyboard: false, scrollWheelZoom: false });
  tiles(L, map, element.dataset.tileUrl);
  const polygon = L.polygon(typed, { color: "#1d70b8", weight: 3 }).addTo(map);
  map.fitBounds(polygon.getBounds(), { padding: [20, 20], maxZoom: 18 });
}

document.querySelectorAll("[data-polygon-editor]").forEach(setupEditor);
document.querySelectorAll("[data-polygon-view]").forEach(setupView);
