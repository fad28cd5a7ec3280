package dev.parley.im.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message stored for an account that had no resource to receive it (XEP-0160). The stanza is kept
 * serialized, already stamped with its delay, so handing it over is a plain write. The id orders a
 * user's messages: one sender's messages are routed one at a time, so they get increasing ids.
 */
@Entity
// asked at every login: a named query is prepared once (a JPQL string with a row limit is re-printed per call)
@NamedQuery(name = OfflineMessage.FIRST_ID, query = "select min(m.id) from OfflineMessage m where m.username = :u")
@Table(name = "xmpp_offline_message", indexes = @Index(name = "xmpp_offline_message_user", columnList = "username, id"))
public class OfflineMessage {
    static final String FIRST_ID = "OfflineMessage.firstId";
    @Id
    @SequenceGenerator(name = "xmpp_offline_message_seq", sequenceName = "xmpp_offline_message_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "xmpp_offline_message_seq")
    private long id;

    @Column(nullable = false, length = 1023) private String username;
    @Column(nullable = false) private Instant stored;
    @Lob @Column(nullable = false) private String stanza;

    protected OfflineMessage() { }

    public OfflineMessage(String username, Instant stored, String stanza) {
        this.username = username;
        this.stored = stored;
        this.stanza = stanza;
    }

    public long getId() { return id; }
    public String getUsername() { return username; }
    public Instant getStored() { return stored; }
    public String getStanza() { return stanza; }
}
