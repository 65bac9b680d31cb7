// The link chart (lantern/intelligence, views/chart.py): Cytoscape.js draws the entities and
// links that the page also lists as tables (the canvas is not accessible; the tables are the
// way in for a screen reader or a keyboard). The data comes from the page's json_script
// block "link-chart-data"; Cytoscape.js is loaded before this module (vendor/cytoscape.min.js,
// global cytoscape). Shapes say the type and words say the rest: a potential victim has a
// double outline AND "(potential victim)" in its label, never colour alone.

const SHAPES = {
  person: "ellipse",
  phone: "diamond",
  vehicle: "round-rectangle",
  address: "pentagon",
  online_account: "hexagon",
  organisation: "octagon",
  place: "triangle",
};

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "140px",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "font-size": 11,
      color: "#0b0c0c",
      "background-color": "#b1b4b6",
      "border-width": 1,
      "border-color": "#505a5f",
      width: 26,
      height: 26,
    },
  },
  ...Object.entries(SHAPES).map(([type, shape]) => ({ selector: `node.${type}`, style: { shape } })),
  { selector: "node.person", style: { "background-color": "#5694ca" } },
  {
    selector: "node.victim",
    style: { "border-width": 6, "border-style": "double", "border-color": "#d4351c", "background-color": "#f3f2f1" },
  },
  { selector: "node.centre", style: { "border-width": 5, "border-color": "#0b0c0c", width: 36, height: 36, "font-weight": "bold" } },
  { selector: "node.centre.victim", style: { "border-style": "double", "border-width": 8 } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#505a5f",
      "curve-style": "bezier",
      label: "data(label)",
      "font-size": 9,
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
    },
  },
  { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle", "target-arrow-color": "#505a5f" } },
  { selector: "node:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.4 } },
];

// Cytoscape.js adds a <style> element (".__________cytoscape_container { position:
// relative }") unless an element with its id is already there; the Content Security Policy
// refuses inline styles, so the rule is in lantern.css (_intelligence.scss) and an empty
// marker with that id stands in for the element.
function markStylesheetPresent() {
  const id = "__________cytoscape_stylesheet";
  if (document.getElementById(id)) return;
  const marker = document.createElement("meta");
  marker.id = id;
  marker.name = "cytoscape-stylesheet";
  marker.content = "lantern.css";
  document.head.append(marker);
}

function start() {
  const root = document.querySelector("[data-link-chart]");
  const source = document.getElementById("link-chart-data");
  const status = root?.querySelector("[data-link-chart-status]");
  if (!root || !source || typeof cytoscape === "undefined") return;
  const data = JSON.parse(source.textContent);
  markStylesheetPresent();
  const cy = cytoscape({
    container: root.querySelector("#link-chart"),
    elements: data.elements,
    style: STYLE,
    layout: { name: data.elements.length > 400 ? "grid" : "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
    wheelSensitivity: 0.3,
  });
  cy.$id(data.centre).select();
  // A double click (or double tap) on an entity opens its own chart.
  cy.on("dbltap", "node", (event) => {
    const href = event.target.data("href");
    if (href) window.location.assign(href);
  });
  const nodes = cy.nodes().length;
  const edges = cy.edges().length;
  status.textContent = `${nodes} entities and ${edges} links drawn. Double-click an entity to open its chart; the tables below give the same information.`;
  root.dataset.drawn = "true";
}

start();
