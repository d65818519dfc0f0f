// The event form: show only the pair of time fields that applies (all-day or not).
// Without JavaScript both pairs stay visible, each with a legend saying when it applies.
document.addEventListener("DOMContentLoaded", () => {
  const allDay = document.querySelector("#all_day");
  const pairs = document.querySelectorAll(".ws-times[data-times]");
  if (!allDay || pairs.length === 0) return;
  const update = () => {
    for (const pair of pairs) {
      pair.hidden = (pair.dataset.times === "days") !== allDay.checked;
    }
  };
  allDay.addEventListener("change", update);
  update();
});
