package io.incidentdetector.event;

/**
 * Names already checked, looked up by their characters as the JSON parser holds them, so that a known name costs
 * neither a new string nor a validation. Open addressing; grows to {@code capacity} names, then only looks up.
 */
final class NameTable {

    private final int capacity;
    private String[] slots = new String[256];
    private int size;

    NameTable(int capacity) {
        this.capacity = capacity;
    }

    /** The known name with these characters, or null. */
    String find(char[] chars, int at, int length) {
        int mask = slots.length - 1;
        for (int i = hash(chars, at, length) & mask; ; i = (i + 1) & mask) {
            String name = slots[i];
            if (name == null) {
                return null;
            }
            if (same(name, chars, at, length)) {
                return name;
            }
        }
    }

    void add(String name) {
        if (size >= capacity) {
            return;
        }
        if (2 * (size + 1) > slots.length) {
            String[] old = slots;
            slots = new String[old.length * 2];
            for (String n : old) {
                if (n != null) {
                    insert(n);
                }
            }
        }
        insert(name);
        size++;
    }

    private void insert(String name) {
        int mask = slots.length - 1;
        int i = name.hashCode() & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = name;
    }

    /** Same as {@link String#hashCode()} of these characters. */
    private static int hash(char[] chars, int at, int length) {
        int h = 0;
        for (int i = at; i < at + length; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }

    private static boolean same(String name, char[] chars, int at, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != chars[at + i]) {
                return false;
            }
        }
        return true;
    }
}
