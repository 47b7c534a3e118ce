<?xml version="1.0" encoding="UTF-8"?>
<!-- The home page (the dashboard and the menu as cards) of the browser panel, included by panel.xsl (its variables, keys and named templates
     are shared: $panel, $func, $page, key('msg'), label, keep, csrf, error-box). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
  <!-- ===== home: the main menu as cards ===== -->
  <xsl:template name="home">
    <h1><xsl:call-template name="label"><xsl:with-param name="name" select="'home_title'"/></xsl:call-template></h1>
    <p class="welcome">
      <xsl:call-template name="label"><xsl:with-param name="name" select="'logged_in_as'"/></xsl:call-template>
      <xsl:text> </xsl:text><strong><xsl:value-of select="session/@account"/></strong>
    </p>
    <!-- The dashboard: each number links to the list it counts. -->
    <xsl:if test="doc/accounts or doc/tickets">
      <div class="cards dashboard" id="dashboard">
        <xsl:for-each select="doc/accounts[@level = 24 or @level = 16]">
          <xsl:variable name="list" select="substring('reselleruser', 1 + 8 * (@level = 16), 8 - 4 * (@level = 16))"/>
          <section class="card" id="dash-{$list}">
            <h2><xsl:call-template name="label"><xsl:with-param name="name" select="concat($list, 's')"/></xsl:call-template></h2>
            <p>
              <a class="count" href="{$panel}?func={$list}&amp;status=" id="dash-{$list}-total"><xsl:value-of select="@total"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'total'"/></xsl:call-template>
              · <a href="{$panel}?func={$list}&amp;status=suspended" id="dash-{$list}-suspended"><xsl:value-of select="@suspended"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'suspended'"/></xsl:call-template>
              · <a href="{$panel}?func={$list}&amp;status=overlimit" id="dash-{$list}-overlimit"><xsl:value-of select="@overlimit"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'overlimit'"/></xsl:call-template>
            </p>
          </section>
        </xsl:for-each>
        <xsl:if test="doc/money">
          <section class="card" id="dash-money">
            <h2><a href="{$panel}?func=wallet"><xsl:call-template name="label"><xsl:with-param name="name" select="'money'"/></xsl:call-template></a></h2>
            <p><span class="count" id="dash-money-balance"><xsl:value-of select="doc/money/@balance"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'balance'"/></xsl:call-template></p>
            <p><span id="dash-money-available"><xsl:value-of select="doc/money/@available"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'available'"/></xsl:call-template>
              · <span id="dash-money-today"><xsl:value-of select="doc/money/@charged_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'charged_today'"/></xsl:call-template>
              · <span id="dash-money-month"><xsl:value-of select="doc/money/@charged_month"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'charged_month'"/></xsl:call-template></p>
          </section>
        </xsl:if>
        <xsl:for-each select="doc/billing">
          <section class="card" id="dash-billing">
            <h2><a href="{$panel}?func=ratecard"><xsl:call-template name="label"><xsl:with-param name="name" select="'billing'"/></xsl:call-template></a></h2>
            <p><span class="count" id="dash-billing-margin"><xsl:value-of select="@margin_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'margin_today'"/></xsl:call-template></p>
            <p><span id="dash-billing-cost"><xsl:value-of select="@cost_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'cost_today'"/></xsl:call-template>
              · <span id="dash-billing-income"><xsl:value-of select="@income_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'income_today'"/></xsl:call-template>
              · <span id="dash-billing-billable"><xsl:value-of select="@billable_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'billable_today'"/></xsl:call-template></p>
            <p><span id="dash-billing-cost-month"><xsl:value-of select="@cost_month"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'cost_month'"/></xsl:call-template>
              · <span id="dash-billing-income-month"><xsl:value-of select="@income_month"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'income_month'"/></xsl:call-template>
              <xsl:if test="@days_covered">
                · <span id="dash-billing-days"><xsl:value-of select="@days_covered"/></span>
                <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'days_covered'"/></xsl:call-template>
              </xsl:if></p>
          </section>
        </xsl:for-each>
        <xsl:for-each select="doc/licenses">
          <section class="card" id="dash-licenses">
            <h2><a href="{$panel}?func=license"><xsl:call-template name="label"><xsl:with-param name="name" select="'licenses'"/></xsl:call-template></a></h2>
            <p><span class="count" id="dash-licenses-count"><xsl:value-of select="@licenses"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'licenses_held'"/></xsl:call-template>
              <xsl:if test="@limit">
                · <span id="dash-licenses-unused"><xsl:value-of select="@unused"/></span>
                <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'licenses_unused'"/></xsl:call-template>
              </xsl:if></p>
            <p><span id="dash-licenses-cost"><xsl:value-of select="@cost_month"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'licenses_cost'"/></xsl:call-template>
              · <a href="{$panel}?func=license&amp;p_sort=last_checkin" id="dash-licenses-stale"><xsl:value-of select="@stale"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'licenses_stale'"/></xsl:call-template></p>
          </section>
        </xsl:for-each>
        <xsl:for-each select="doc/support">
          <section class="card" id="dash-support">
            <h2><xsl:call-template name="label"><xsl:with-param name="name" select="'support'"/></xsl:call-template></h2>
            <xsl:if test="@provider != ''"><p id="dash-support-provider"><xsl:value-of select="@provider"/></p></xsl:if>
            <xsl:if test="@email != ''"><p id="dash-support-email"><xsl:value-of select="@email"/></p></xsl:if>
            <xsl:if test="@phone != ''"><p id="dash-support-phone"><xsl:value-of select="@phone"/></p></xsl:if>
            <p class="links">
              <xsl:for-each select="@docs | @status | @client_area">
                <xsl:if test="starts-with(., 'https://') or starts-with(., 'http://')">
                  <a href="{.}" id="dash-support-{name()}" rel="noopener noreferrer"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('support_', name())"/></xsl:call-template></a>
                  <xsl:text> </xsl:text>
                </xsl:if>
              </xsl:for-each>
            </p>
          </section>
        </xsl:for-each>
        <!-- A reseller's own client account (issue 20): not a row of its user list, so here. -->
        <xsl:for-each select="doc/own_client">
          <section class="card" id="dash-own">
            <h2><xsl:call-template name="label"><xsl:with-param name="name" select="'own_client'"/></xsl:call-template></h2>
            <p><strong id="dash-own-name"><xsl:value-of select="@name"/></strong>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'own_client_note'"/></xsl:call-template></p>
            <p class="links">
              <a id="dash-own-services" href="{$panel}?func=client.service&amp;plid={str:encode-uri(@name, true())}"><xsl:call-template name="label"><xsl:with-param name="name" select="'own_client_services'"/></xsl:call-template></a>
              <xsl:text> </xsl:text>
              <a id="dash-own-edit" href="{$panel}?func=user.edit&amp;elid={str:encode-uri(@name, true())}"><xsl:call-template name="label"><xsl:with-param name="name" select="'own_client_edit'"/></xsl:call-template></a>
            </p>
            <form method="post" action="{$panel}" class="inline">
              <xsl:call-template name="csrf"/>
              <input type="hidden" name="func" value="user.su"/>
              <input type="hidden" name="elid" value="{@name}"/>
              <button type="submit" id="dash-own-su"><xsl:call-template name="label"><xsl:with-param name="name" select="'own_client_su'"/></xsl:call-template></button>
            </form>
          </section>
        </xsl:for-each>
        <section class="card" id="dash-tickets">
          <h2><xsl:call-template name="label"><xsl:with-param name="name" select="'tickets'"/></xsl:call-template></h2>
          <p><a class="count" href="{$panel}?func=ticket" id="dash-tickets-open"><xsl:value-of select="doc/tickets/@open"/></a></p>
        </section>
      </div>
      <xsl:if test="doc/limit">
        <table class="list limits" id="dash-limits">
          <caption><xsl:call-template name="label"><xsl:with-param name="name" select="'limits'"/></xsl:call-template></caption>
          <thead><tr>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'limit'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'yours'"/></xsl:call-template></th>
            <xsl:if test="doc/limit/@allocated"><th><xsl:call-template name="label"><xsl:with-param name="name" select="'given'"/></xsl:call-template></th></xsl:if>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'used'"/></xsl:call-template></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="doc/limit">
              <tr data-limit="{@name}">
                <td><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="string(@limit) != ''"><xsl:value-of select="@limit"/></xsl:when>
                    <!-- No limit of its own: bounded by its provider's (issue 20). -->
                    <xsl:when test="string(@owner_limit) != ''"><span class="bound"><xsl:call-template name="label"><xsl:with-param name="name" select="'up_to_provider'"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@owner_limit"/></span></xsl:when>
                    <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="'unlimited'"/></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                </td>
                <xsl:if test="../limit/@allocated"><td><xsl:value-of select="@allocated"/></td></xsl:if>
                <td>
                  <xsl:value-of select="@used"/>
                  <!-- When the recent rate reaches the limit (issue 25 item 5). -->
                  <xsl:variable name="resource">
                    <xsl:choose>
                      <xsl:when test="@name = 'limit_quota'">disk</xsl:when>
                      <xsl:when test="@name = 'limit_traff'">traffic</xsl:when>
                    </xsl:choose>
                  </xsl:variable>
                  <xsl:for-each select="../forecast[@own = 'yes' and @resource = $resource and $resource != '']">
                    <xsl:text> </xsl:text>
                    <span class="forecast" data-forecast="{@resource}"><xsl:text>(</xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'full_in'"/></xsl:call-template><xsl:value-of select="@days"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'days'"/></xsl:call-template><xsl:text>)</xsl:text></span>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
      <!-- Accounts below that reach a limit within the horizon, soonest first. -->
      <xsl:if test="doc/forecast[@account]">
        <table class="list filling" id="dash-filling">
          <caption><xsl:call-template name="label"><xsl:with-param name="name" select="'filling'"/></xsl:call-template></caption>
          <thead><tr>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'forecast_account'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'forecast_resource'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'forecast_days'"/></xsl:call-template></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="doc/forecast[@account]">
              <tr data-account="{@account}" data-resource="{@resource}">
                <td><a href="{$panel}?func=userstat"><xsl:value-of select="@account"/></a></td>
                <td><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', @resource)"/></xsl:call-template></td>
                <td><xsl:value-of select="@days"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
    </xsl:if>
    <div class="cards">
      <xsl:for-each select="mainmenu/node">
        <section class="card">
          <h2><xsl:value-of select="@title"/></h2>
          <ul>
            <xsl:for-each select="node">
              <li><a href="{$panel}?func={@name}"><xsl:value-of select="@title"/></a></li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:for-each>
    </div>
  </xsl:template>

</xsl:stylesheet>
