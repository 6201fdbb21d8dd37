// Batch compile check for java.util.regex: each input line is "FLAGS<TAB>HEX" where HEX is
// the pattern's UTF-8 bytes in hex; each output line is "1" or "0<TAB>message".
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.regex.*;

public class CompileJava {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String flags = line.substring(0, tab), hex = line.substring(tab + 1);
            byte[] b = new byte[hex.length() / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            String p = new String(b, StandardCharsets.UTF_8);
            int f = 0;
            try {
            for (char c : flags.toCharArray()) {
                switch (c) {
                    case 'i': f |= Pattern.CASE_INSENSITIVE; break;
                    case 'm': f |= Pattern.MULTILINE; break;
                    case 's': f |= Pattern.DOTALL; break;
                    case 'x': f |= Pattern.COMMENTS; break;
                    case 'u': f |= Pattern.UNICODE_CASE; break;
                    case 'U': f |= Pattern.UNICODE_CHARACTER_CLASS; break;
                    case 'd': f |= Pattern.UNIX_LINES; break;
                    default: throw new IllegalArgumentException("unknown flag " + c);
                }
            }
                Pattern.compile(p, f);
                out.println("1");
            } catch (Throwable e) {
                String m = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
                out.println("0\t" + e.getClass().getSimpleName() + ": " + m);
            }
        }
        out.flush();
    }
}
