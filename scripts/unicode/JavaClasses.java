import java.util.regex.Pattern;
public class JavaClasses {
    public static void main(String[] a) {
        String[] names = {"javaLowerCase","javaUpperCase","javaTitleCase","javaDigit","javaDefined","javaLetter","javaLetterOrDigit","javaJavaIdentifierStart","javaJavaIdentifierPart","javaUnicodeIdentifierStart","javaUnicodeIdentifierPart","javaIdentifierIgnorable","javaSpaceChar","javaWhitespace","javaISOControl","javaMirrored","javaAlphabetic"};
        StringBuilder out = new StringBuilder("{");
        for (int k = 0; k < names.length; k++) {
            Pattern p = Pattern.compile("\\p{" + names[k] + "}");
            if (k > 0) out.append(",");
            out.append("\"").append(names[k]).append("\":[");
            int start = -1; boolean first = true;
            for (int cp = 0; cp <= 0x110000; cp++) {
                boolean in = cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && p.matcher(new String(Character.toChars(cp))).matches();
                if (in && start < 0) start = cp;
                if (!in && start >= 0) {
                    if (!first) out.append(",");
                    out.append("[").append(start).append(",").append(cp - 1).append("]");
                    first = false; start = -1;
                }
            }
            out.append("]");
        }
        out.append("}");
        System.out.println(out);
    }
}
