// A phone number as people read it ("+91 98765 43210"), from the E.164 form the core stores
// ("+919876543210"): the Overview used to show the case form's number as she typed it, and shows
// the people model's stored numbers now. libphonenumber-js groups the digits by each country's own
// plan; a value it cannot read (a sender ID, a short code) is shown as it is. The same function
// shows chat senders' names, so it must never pull a number out of a longer text: by default
// libphonenumber-js extracts one, and "Ravi (+919876543210)" would lose Ravi (`extract: false`).
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export function showPhoneNumber(value: string): string {
  return parsePhoneNumberFromString(value, { extract: false })?.formatInternational() ?? value;
}
