// Game sounds, made with Web Audio (nothing is downloaded), a mute switch
// that is remembered, and attention for a hidden tab: the title flashes and
// a sound plays when something needs the player.
//
//   Ladder.sound.play("drop");            // hit, combo, tick, go, drop, win, loss, draw, found, turn
//   Ladder.sound.attention("Your turn");  // only acts while the tab is hidden
//   Ladder.sound.vibrate(80);
//
// Any button with data-sound-toggle becomes the mute switch.
(function () {
  "use strict";
  window.Ladder = window.Ladder || {};
  var KEY = "ladder.muted";
  var ctx = null;
  var muted = false;
  try { muted = localStorage.getItem(KEY) === "1"; } catch (e) { /* private mode: not remembered */ }

  function audio() {
    if (ctx) return ctx;
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    try { ctx = new AC(); } catch (e) { return null; }
    return ctx;
  }

  // tone plays one note: frequency f (Hz), from start s (seconds from now)
  // for d seconds, with wave type and peak volume v.
  function tone(ac, f, s, d, type, v, slideTo) {
    var t0 = ac.currentTime + s;
    var osc = ac.createOscillator();
    var gain = ac.createGain();
    osc.type = type || "sine";
    osc.frequency.setValueAtTime(f, t0);
    if (slideTo) osc.frequency.exponentialRampToValueAtTime(slideTo, t0 + d);
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(v || 0.15, t0 + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + d);
    osc.connect(gain).connect(ac.destination);
    osc.start(t0);
    osc.stop(t0 + d + 0.02);
  }

  var sounds = {
    hit: function (ac) { tone(ac, 880, 0, 0.08, "triangle", 0.18, 1320); },
    combo: function (ac) { [660, 880, 1175].forEach(function (f, i) { tone(ac, f, i * 0.06, 0.12, "square", 0.07); }); },
    tick: function (ac) { tone(ac, 520, 0, 0.1, "sine", 0.2); },
    go: function (ac) { tone(ac, 1040, 0, 0.25, "sine", 0.22); },
    drop: function (ac) { tone(ac, 320, 0, 0.16, "triangle", 0.22, 140); },
    win: function (ac) { [523, 659, 784, 1047].forEach(function (f, i) { tone(ac, f, i * 0.11, 0.22, "triangle", 0.16); }); },
    loss: function (ac) { [392, 330, 262].forEach(function (f, i) { tone(ac, f, i * 0.16, 0.3, "sine", 0.16); }); },
    draw: function (ac) { tone(ac, 440, 0, 0.2, "sine", 0.15); tone(ac, 440, 0.22, 0.2, "sine", 0.15); },
    found: function (ac) { tone(ac, 587, 0, 0.14, "sine", 0.2); tone(ac, 880, 0.15, 0.24, "sine", 0.2); },
    turn: function (ac) { tone(ac, 784, 0, 0.12, "sine", 0.18); tone(ac, 988, 0.13, 0.16, "sine", 0.18); },
  };

  function play(name) {
    if (muted || !sounds[name]) return;
    var ac = audio();
    if (!ac) return;
    // Browsers start an AudioContext suspended until the page is used.
    if (ac.state === "suspended" && ac.resume) ac.resume().catch(function () {});
    try { sounds[name](ac); } catch (e) { /* a sound is never worth an error */ }
  }

  function vibrate(pattern) {
    if (muted || !navigator.vibrate) return;
    try { navigator.vibrate(pattern); } catch (e) { /* not allowed here */ }
  }

  // ---------- attention for a hidden tab ----------
  var baseTitle = "";
  var flashTimer = null;
  function stopFlash() {
    if (!flashTimer) return;
    clearInterval(flashTimer);
    flashTimer = null;
    document.title = baseTitle;
  }
  function attention(text, sound) {
    if (!document.hidden) return;
    play(sound || "turn");
    vibrate([120, 60, 120]);
    stopFlash();
    baseTitle = document.title;
    var on = false;
    flashTimer = setInterval(function () {
      on = !on;
      document.title = on ? "● " + text : baseTitle;
    }, 1000);
    document.title = "● " + text;
  }
  document.addEventListener("visibilitychange", function () { if (!document.hidden) stopFlash(); });

  // ---------- the mute switch ----------
  function paint() {
    document.querySelectorAll("[data-sound-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", muted ? "true" : "false");
      b.textContent = muted ? "Sound: off" : "Sound: on";
      b.title = muted ? "Turn sound on" : "Mute sounds";
    });
  }
  function setMuted(on) {
    muted = !!on;
    try { localStorage.setItem(KEY, muted ? "1" : "0"); } catch (e) { /* not remembered */ }
    paint();
    if (!muted) play("tick");
  }
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-sound-toggle]");
    if (b) setMuted(!muted);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", paint);
  else paint();

  Ladder.sound = {
    play: play,
    vibrate: vibrate,
    attention: attention,
    muted: function () { return muted; },
    setMuted: setMuted,
  };
})();
