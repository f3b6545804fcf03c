// One send at a time per zeromq socket, in call order.
//
// zeromq 6 allows a single send() in flight per socket: while one is pending, another send() throws
// EBUSY ("Socket is busy writing; only one send operation may be in progress at any time"). A send
// is pending whenever zeromq defers it, which it does on purpose after 512 sends in a row resolved
// synchronously (so that a busy socket cannot starve the event loop). tslab 1.0.22 calls send()
// without awaiting it, so the next message sent in the same tick as a deferred one throws, and the
// throw is swallowed: the Jupyter client never receives that status/output/reply and the notebook
// waits forever. `queueSends` makes every send() wait for the one before it on the same socket (and
// for a bind still under way, during which zeromq refuses sends too: "Socket is blocked by a bind").
"use strict";

/**
 * Replace `Socket.prototype.send` so that sends on one socket run one after another, in call order.
 * The returned promise still settles like zeromq's own (resolves when sent, rejects on failure);
 * `onError(error, socket)` is called for every failed send so that no failure goes unseen.
 * @param {{ prototype: object }} Socket zeromq's base Socket class (the owner of `send`)
 * @param {(error: unknown, socket: object) => void} onError
 * @returns {{ flushed: (socket: object) => Promise<void>, waitFor: (socket: object, operation: Promise<unknown>) => void, undo: () => void }}
 *   `flushed(socket)` settles when every send queued so far on `socket` has finished (close a socket
 *   only then); `waitFor(socket, operation)` makes later sends on `socket` wait for `operation` (a
 *   bind: zeromq also refuses a send while the socket is binding); `undo` restores zeromq's own send.
 */
function queueSends(Socket, onError) {
  const descriptor = Object.getOwnPropertyDescriptor(Socket.prototype, "send");
  if (!descriptor || typeof descriptor.value !== "function") {
    throw new Error("queueSends: Socket.prototype.send is not a function; the zeromq API changed.");
  }
  const send = descriptor.value;
  // socket → a promise that settles (never rejects) when the socket's last queued send has finished.
  const lastSend = new WeakMap();

  function queuedSend(...args) {
    const previous = lastSend.get(this);
    const sent = previous ? previous.then(() => send.apply(this, args)) : callNow(send, this, args);
    const finished = sent.then(
      () => undefined,
      (error) => onError(error, this),
    );
    lastSend.set(this, finished);
    finished.then(() => {
      if (lastSend.get(this) === finished) lastSend.delete(this);
    });
    return sent;
  }

  Object.defineProperty(Socket.prototype, "send", { ...descriptor, value: queuedSend });
  return {
    flushed: (socket) => lastSend.get(socket) ?? Promise.resolve(),
    waitFor: (socket, operation) => {
      const done = Promise.all([lastSend.get(socket), Promise.resolve(operation).catch(() => undefined)]).then(() => undefined);
      lastSend.set(socket, done);
    },
    undo: () => Object.defineProperty(Socket.prototype, "send", descriptor),
  };
}

// zeromq's send() throws synchronously for some errors (busy, closed socket); make that a rejection.
function callNow(send, socket, args) {
  try {
    return Promise.resolve(send.apply(socket, args));
  } catch (error) {
    return Promise.reject(error);
  }
}

module.exports = { queueSends };
