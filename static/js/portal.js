// Guard every form against a second submission while the first is on its way.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.submitting === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "yes";
  for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
    button.setAttribute("aria-disabled", "true");
  }
});

// htmx would otherwise add an inline <style> for its loading indicator, which the
// Content-Security-Policy blocks; portal.css carries those rules instead. This runs
// before htmx initialises on DOMContentLoaded.
if (window.htmx) {
  window.htmx.config.includeIndicatorStyles = false;
}

// A form marked data-progress="<id>" shows that element while the server works through the file.
document.addEventListener("submit", (event) => {
  const target = event.target.dataset.progress && document.getElementById(event.target.dataset.progress);
  if (target) {
    target.classList.remove("d-none");
  }
});
