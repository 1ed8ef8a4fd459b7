// The date slider of an organization page: moving it sets the date field and submits the form,
// so the new state is in the URL (a link reproduces the view).
(function () {
  var slider = document.getElementById("slider");
  var field = document.getElementById("at");
  if (!slider || !field) { return; }
  var dates = slider.getAttribute("data-dates").split(",");
  slider.addEventListener("input", function () { field.value = dates[slider.value]; });
  slider.addEventListener("change", function () {
    field.value = dates[slider.value];
    slider.form.submit();
  });
})();
