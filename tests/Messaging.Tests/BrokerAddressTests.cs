namespace Clearhours.Messaging.Tests;

public sealed class BrokerAddressTests
{
    [Fact]
    public void An_amqps_address_uses_tls_on_port_5671_by_default()
    {
        var broker = BrokerAddress.Parse("amqps://user:p%40ss@rabbit.example.com/prod");

        Assert.Equal(new BrokerAddress("rabbit.example.com", 5671, "prod", "user", "p@ss", UseTls: true), broker);
        var factory = broker.CreateConnectionFactory();
        Assert.True(factory.Ssl.Enabled);
        Assert.Equal("rabbit.example.com", factory.Ssl.ServerName);
        Assert.Equal(5671, factory.Port);
    }

    [Fact]
    public void An_amqps_address_keeps_the_port_it_names()
    {
        Assert.Equal(6671, BrokerAddress.Parse("amqps://rabbit.example.com:6671/").Port);
    }

    [Fact]
    public void An_amqp_address_is_plain_on_port_5672_with_guest_on_the_root_virtual_host()
    {
        var broker = BrokerAddress.Parse("amqp://localhost");

        Assert.Equal(new BrokerAddress("localhost", 5672, "/", "guest", "guest", UseTls: false), broker);
        Assert.False(broker.CreateConnectionFactory().Ssl.Enabled);
    }

    [Fact]
    public void Another_scheme_is_refused_rather_than_connected_to_in_plain_text()
    {
        Assert.Throws<ArgumentException>(() => BrokerAddress.Parse("http://localhost:5672/"));
    }

    [Fact]
    public void The_address_as_text_leaves_out_the_password()
    {
        Assert.DoesNotContain("secret", BrokerAddress.Parse("amqps://user:secret@host/vh").ToString());
    }
}
