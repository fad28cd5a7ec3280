package dev.parley.im.vcard;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account's vCard (XEP-0054), kept as the serialized {@code <vCard xmlns='vcard-temp'/>} element. */
@Entity
@Table(name = "xmpp_vcard")
public class VCardEntry {
    @Id @Column(length = 1023) private String username;
    @Lob @Column(nullable = false) private String xml;
    @Column(nullable = false) private Instant updated;

    protected VCardEntry() { }

    public VCardEntry(String username, String xml, Instant updated) { this.username = username; this.xml = xml; this.updated = updated; }

    public String getUsername() { return username; }
    public String getXml() { return xml; }
    public Instant getUpdated() { return updated; }
    public void update(String xml, Instant updated) { this.xml = xml; this.updated = updated; }
}
