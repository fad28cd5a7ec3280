package dev.parley.im.message;

/** The message 'type' attribute (RFC 6121 §5.2.2). */
public enum MessageType {
    CHAT, ERROR, GROUPCHAT, HEADLINE, NORMAL;

    /**
     * RFC 6121 §5.2.2: a message with no 'type', or with a type the server does not understand, is
     * handled as "normal".
     */
    public static MessageType of(String type) {
        if (type == null) return NORMAL;
        return switch (type) {
            case "chat" -> CHAT;
            case "error" -> ERROR;
            case "groupchat" -> GROUPCHAT;
            case "headline" -> HEADLINE;
            default -> NORMAL;
        };
    }
}
