package dev.parley.im.blocking;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One blocked JID of an account's blocklist (XEP-0191). */
@Entity
@Table(name = "xmpp_block_item", indexes = @Index(name = "xmpp_block_item_user", columnList = "username"))
public class BlockItem {
    @Id
    @SequenceGenerator(name = "xmpp_block_item_seq", sequenceName = "xmpp_block_item_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "xmpp_block_item_seq")
    private long id;

    @Column(nullable = false, length = 1023) private String username;
    /** The blocked JID, normalised (RFC 7622). */
    @Column(nullable = false, length = 3071) private String jid;

    protected BlockItem() { }

    public BlockItem(String username, String jid) { this.username = username; this.jid = jid; }

    public long getId() { return id; }
    public String getUsername() { return username; }
    public String getJid() { return jid; }
}
