import java.lang.reflect.*;
import java.nio.file.*;
import java.util.*;

/** Prints, for every java.lang.Character.UnicodeBlock of this JDK, each name
 *  UnicodeBlock.forName accepts for it (the constant, and the canonical names of
 *  Blocks.txt with and without spaces, upper-cased) and its range, as Rust tuples. */
public class JavaBlocks {
    public static void main(String[] a) throws Exception {
        Map<Integer, String> canonical = new HashMap<>();
        for (String line : Files.readAllLines(Paths.get(a[0]))) {
            line = line.replaceAll("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] parts = line.split(";");
            int start = Integer.parseInt(parts[0].split("\\.\\.")[0], 16);
            canonical.put(start, parts[1].trim());
        }
        Map<Character.UnicodeBlock, int[]> range = new LinkedHashMap<>();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            Character.UnicodeBlock b = Character.UnicodeBlock.of(cp);
            if (b == null) continue;
            int[] r = range.get(b);
            if (r == null) range.put(b, new int[] {cp, cp}); else r[1] = cp;
        }
        TreeMap<String, int[]> out = new TreeMap<>();
        for (Field f : Character.UnicodeBlock.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != Character.UnicodeBlock.class) continue;
            Character.UnicodeBlock b = (Character.UnicodeBlock) f.get(null);
            int[] r = range.get(b);
            if (r == null) continue;
            List<String> keys = new ArrayList<>();
            keys.add(f.getName());
            String c = canonical.get(r[0]);
            if (c != null) { keys.add(c); keys.add(c.replace(" ", "")); }
            for (String k : keys) {
                String u = k.toUpperCase(Locale.ROOT);
                try {
                    if (Character.UnicodeBlock.forName(k) == b) out.put(u, r);
                } catch (IllegalArgumentException e) { }
            }
        }
        for (Map.Entry<String, int[]> e : out.entrySet())
            System.out.printf("    (\"%s\", 0x%04X, 0x%04X),%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
}
