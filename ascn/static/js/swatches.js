// Colour swatches: the colour comes from a data attribute because the content security
// policy allows no inline styles.
document.querySelectorAll(".swatch[data-colour]").forEach(function (el) {
  if (/^#[0-9a-fA-F]{6}$/.test(el.dataset.colour)) el.style.backgroundColor = el.dataset.colour;
});
