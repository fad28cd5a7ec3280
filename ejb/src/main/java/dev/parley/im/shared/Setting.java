package dev.parley.im.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A setting an administrator changed at run time (it overrides the configured default). */
@Entity
@Table(name = "xmpp_setting")
public class Setting {
    @Id @Column(length = 255) private String name;
    @Column(name = "setting_value", length = 4096) private String value;

    protected Setting() { }
    public Setting(String name, String value) { this.name = name; this.value = value; }

    public String getName() { return name; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
}
