// Keys such as parameter names are user strings, and "constructor", "toString", "valueOf" or "__proto__" are
// names like any other. On a plain object, obj[name] finds Object.prototype's members for a missing name, and
// assigning obj["__proto__"] replaces the prototype instead of storing a value. Lookups and stores keyed by a
// user string go through these (or a Map). lib/optimizer keeps its own copy: it imports nothing outside itself.

/** obj[key] if key is obj's own property, else undefined. */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Stores obj[key] as an own, enumerable data property, "__proto__" included. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: NoInfer<T>): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
