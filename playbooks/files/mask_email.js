// Streamkap map/filter transform: masks e-mail addresses and drops test orders.
// Called once per record; return the record to keep it (changed or not), null to drop it.
function _streamkap_transform(valueObject, keyObject, topic, timestamp) {
  if (valueObject == null) {
    return valueObject;
  }
  if (valueObject.is_test === true) {
    return null;
  }
  if (typeof valueObject.email === "string") {
    var at = valueObject.email.indexOf("@");
    valueObject.email = at > 0 ? valueObject.email.charAt(0) + "***" + valueObject.email.substring(at) : "***";
  }
  return valueObject;
}
