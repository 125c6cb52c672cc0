// A signature pad: <canvas data-signature-pad="ID"> draws with a finger, stylus or mouse and keeps the drawing
// as a PNG data URL in the hidden input #ID; <button data-signature-clear="ID"> clears both. Static, no inline
// script or handler (Content-Security-Policy without 'unsafe-inline').
(function () {
  document.querySelectorAll("canvas[data-signature-pad]").forEach(function (canvas) {
    const input = document.getElementById(canvas.dataset.signaturePad);
    if (!input) return;
    const context = canvas.getContext("2d");
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.strokeStyle = "#111";
    let drawing = false;

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return [
        ((event.clientX - box.left) * canvas.width) / box.width,
        ((event.clientY - box.top) * canvas.height) / box.height,
      ];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      const [x, y] = point(event);
      context.beginPath();
      context.moveTo(x, y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      const [x, y] = point(event);
      context.lineTo(x, y);
      context.stroke();
      event.preventDefault();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);

    const clear = document.querySelector('[data-signature-clear="' + canvas.dataset.signaturePad + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        input.value = "";
      });
    }
  });
})();
