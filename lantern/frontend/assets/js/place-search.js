// "Search for a street, postcode or place" on pages with a map (data-place-search): with
// JavaScript the Search button asks the API (/api/v1/places/search) and lists what it
// finds as buttons; choosing one fills the latitude and longitude fields (and the address
// field, if the page has one and it is empty) and tells the page's map to move its pin
// (a "lantern:place-chosen" event). Without JavaScript the button submits the form and the
// server lists the places as radios (reports/views/where.py).
//
// What was typed goes only to the API, never into the page's URL.

export const PLACE_CHOSEN = "lantern:place-chosen";

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-2";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function setup(box) {
  const form = box.closest("form");
  const input = box.querySelector("input[type=text], input:not([type])");
  const go = box.querySelector("button[name=action][value=search]");
  const results = box.querySelector("[data-place-results]");
  if (!input || !go || !results) return;
  results.setAttribute("aria-live", "polite");
  // A box outside any form (a staff map's) works only with JavaScript: shown from here.
  if ("jsOnly" in box.dataset) box.hidden = false;
  const latInput = document.getElementById(box.dataset.latField || "id_latitude");
  const lonInput = document.getElementById(box.dataset.lonField || "id_longitude");
  const addressInput = document.getElementById(box.dataset.addressField || "id_address");

  function say(text) {
    results.replaceChildren();
    const p = document.createElement("p");
    p.className = "govuk-body";
    p.textContent = text;
    results.append(p);
  }

  function choose(place) {
    if (latInput) latInput.value = place.latitude.toFixed(6);
    if (lonInput) lonInput.value = place.longitude.toFixed(6);
    if (addressInput && !addressInput.value.trim()) addressInput.value = place.label;
    document.dispatchEvent(new CustomEvent(PLACE_CHOSEN, { detail: place }));
    say(`Pin set on ${place.label}.`);
  }

  async function search() {
    const text = input.value.trim();
    if (text.length < 2) {
      say("Enter at least 2 letters or numbers of a street, postcode or place.");
      return;
    }
    say("Searching…");
    let answer;
    try {
      const url = `${box.dataset.searchUrl}?${new URLSearchParams({ q: text })}`;
      answer = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    } catch {
      say("Place search is not working at the moment: put a pin on the map instead.");
      return;
    }
    if (!answer.ok) {
      const body = await answer.json().catch(() => ({}));
      say(body.detail || "Place search is not working at the moment: put a pin on the map instead.");
      return;
    }
    const places = await answer.json();
    if (!places.length) {
      say("No street, postcode or place matches that: check the spelling, or put a pin on the map.");
      return;
    }
    results.replaceChildren();
    const heading = document.createElement("p");
    heading.className = "govuk-body";
    heading.textContent = `${places.length} ${places.length === 1 ? "place" : "places"} found: choose one.`;
    const list = document.createElement("ul");
    list.className = "govuk-list";
    for (const place of places) {
      const item = document.createElement("li");
      item.append(button(place.label, () => choose(place)));
      list.append(item);
    }
    results.append(heading, list);
  }

  go.addEventListener("click", (event) => {
    event.preventDefault();
    if (!input.value.trim() && form) {
      // Enter pressed in another field: the form's first button is this one, but the
      // person meant to go on.
      form.requestSubmit();
      return;
    }
    search();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  });
}

for (const box of document.querySelectorAll("[data-place-search]")) setup(box);
