// A message for the next page a navigation opens ("your card's key is saved on this device").
let pending = null;

export function setNotice(message) {
  pending = message;
}

export function takeNotice() {
  const message = pending;
  pending = null;
  return message;
}
